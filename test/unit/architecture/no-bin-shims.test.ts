/**
 * Windows has no extensionless shims: `node_modules/.bin/vitest` there is `vitest.cmd`, which only a
 * shell runs (and Node refuses to spawn a .cmd without one since 20.12). So the launch and test
 * scripts run each tool's own JS entry with Node (scripts/package-bin.mjs); nothing that spawns may
 * name a `.bin` folder, a `.cmd` file, or npm/npx by bare name, nor hand a command line to a shell.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT, sourceFiles } from '../../support/import-graph';

/** Everything that starts processes outside the product: launchers, test support, tool configs. */
const SPAWNING = [
  ...sourceFiles('scripts'),
  ...sourceFiles('test/support'),
  ...sourceFiles('test/e2e/support'),
  'playwright.config.ts',
  'vitest.config.ts',
  'vitest.bench.config.ts',
];

const RULES: [RegExp, string][] = [
  [/node_modules['"`]?\s*[,/\\+]\s*['"`]?\.bin\b|['"`]\.bin['"`]/, 'a node_modules/.bin path'],
  [/['"`][^'"`\n]*\.cmd['"`]/, 'a .cmd file'],
  [/\b(?:spawn|spawnSync|exec|execSync|execFile|execFileSync|fork)\(\s*['"`](?:npm|npx)['"`]/, 'npm or npx by bare name'],
  [/\bshell:\s*(?![\s]|false\b)/, 'a shell'],
];

/** `file:line what` for each line that breaks a rule. */
function binShimUses(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => RULES.filter(([pattern]) => pattern.test(line)).map(([, what]) => `${file}:${i + 1} ${what}`));
}

describe('no script spawns a .bin shim', () => {
  it('the scan sees each way of naming a shim', () => {
    const sample = [
      "const BIN = join(ROOT, 'node_modules', '.bin');",
      "spawn('node_modules/.bin/vitest', ['run']);",
      "spawn(join(bin, 'vitest.cmd'), []);",
      "spawnSync('npx', ['tsc']);",
      'spawn(file, args, { shell: true });',
      'spawn(process.execPath, [entry], { shell: false });',
    ].join('\n');
    expect(binShimUses('x.mjs', sample)).toEqual([
      'x.mjs:1 a node_modules/.bin path',
      'x.mjs:2 a node_modules/.bin path',
      'x.mjs:3 a .cmd file',
      'x.mjs:4 npm or npx by bare name',
      'x.mjs:5 a shell',
    ]);
  });

  it('scripts, test support and tool configs run tools through Node, never a shim or a shell', () => {
    expect(SPAWNING.length).toBeGreaterThan(20);
    expect(SPAWNING.flatMap((file) => binShimUses(file, readFileSync(`${ROOT}/${file}`, 'utf8')))).toEqual([]);
  });
});
