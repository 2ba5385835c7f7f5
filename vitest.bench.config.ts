import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// `npm run bench`: the benchmarks run through vite (the engine bundles migrations and sample cases
// with import.meta.glob), one file at a time, printing their `bench:` lines.
export default defineConfig({
  define: { __CASEBRIDGE_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/bench/**/*.bench.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 30 * 60_000,
    reporters: ['default'],
  },
});
