/**
 * The unit tests mirror the source folders, so a module's test is found by its path: the test of
 * `electron/engine/jobs/queue.ts` is `test/unit/engine/jobs/queue.test.ts`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sourceFiles } from '../../support/import-graph';

/** Where each top folder of test/unit mirrors the source (architecture/ checks the whole tree). */
const MIRRORS: Record<string, string> = {
  engine: 'electron/engine',
  host: 'electron/host',
  main: 'electron/main',
  preload: 'electron/preload',
  demo: 'electron/demo',
  shared: 'shared',
  renderer: 'renderer/src',
  emulators: 'test/emulators',
  scripts: 'scripts',
};

function testFiles(): string[] {
  return readdirSync(join(ROOT, 'test/unit'), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.test\.tsx?$/.test(e.name))
    .map((e) => relative(join(ROOT, 'test/unit'), join(e.parentPath, e.name)));
}

/** The source folder a test folder mirrors, or undefined when its top folder mirrors nothing. */
function mirrored(testDir: string): string | undefined {
  const [top, ...rest] = testDir.split('/');
  const source = MIRRORS[top!];
  return source === undefined ? undefined : join(source, ...rest);
}

describe('test layout', () => {
  const tests = testFiles().filter((t) => !t.startsWith('architecture/'));

  it('every test folder mirrors a source folder that exists', () => {
    const strays = [...new Set(tests.map(dirname))].filter((dir) => {
      const source = mirrored(dir);
      return source === undefined || !existsSync(join(ROOT, source));
    });
    expect(strays).toEqual([]);
  });

  it('a test named after a module sits in the mirror of that module’s folder', () => {
    // Modules by name within each mirrored root: an emulator's test is not about an engine module.
    const modulesByName = new Map<string, string[]>();
    for (const [top, root] of Object.entries(MIRRORS)) {
      for (const file of sourceFiles(root)) {
        const key = `${top}:${basename(file).replace(/\.(tsx?|mts|mjs|js)$/, '')}`;
        modulesByName.set(key, [...(modulesByName.get(key) ?? []), dirname(file)]);
      }
    }
    const misplaced = tests.flatMap((test) => {
      const homes = modulesByName.get(`${test.split('/')[0]}:${basename(test).replace(/\.test\.tsx?$/, '')}`) ?? [];
      return homes.length > 0 && !homes.includes(mirrored(dirname(test)) ?? '') ? [`${test} (module in ${homes.join(', ')})`] : [];
    });
    expect(misplaced).toEqual([]);
  });
});
