/**
 * The tier rules of design.md, section 2: what each part of the code base may import.
 */
import { describe, expect, it } from 'vitest';
import { importsOf, inside, isElectron, isNode, violations } from '../../support/import-graph';

describe('tier rules', () => {
  it('the import scanner sees every form of import', () => {
    const sample = `import a from 'electron';\nimport { b } from "node:fs";\nexport * from './x';\nimport type { T } from '../y';\nconst c = await import('z');\nconst d = require('w');\nimport 'side-effect';`;
    expect(importsOf(sample)).toEqual(['electron', 'node:fs', './x', '../y', 'side-effect', 'z', 'w']);
  });

  it('the engine never imports electron, the shell, the host or the renderer', () => {
    expect(violations('electron/engine', (s, to) => isElectron(s) || inside(to, 'electron/main', 'electron/preload', 'electron/host', 'electron/demo', 'renderer'))).toEqual([]);
  });

  it('shared/ imports neither electron nor Node built-ins nor any other tier', () => {
    expect(violations('shared', (s, to) => isElectron(s) || isNode(s) || (s.startsWith('.') && !inside(to, 'shared')))).toEqual([]);
  });

  it('the renderer imports only shared/ and browser packages', () => {
    expect(
      violations('renderer', (s, to) => isElectron(s) || isNode(s) || s === 'better-sqlite3' || s === 'ws' || (s.startsWith('.') && !inside(to, 'renderer', 'shared'))),
    ).toEqual([]);
  });

  // The renderer's own floors: api/ and stores/ at the bottom, ui/ (what several pages use) above
  // them, and the features (one page's parts each) side by side above that, none leaning on
  // another. shell/ is the frame: it lists the pages and lends them its Page layout.
  it('a renderer feature imports only its own folder, ui/, shell/, api/, stores/ and shared/, never another feature', () => {
    const featureOf = (path: string) => /^renderer\/src\/features\/([^/]+)/.exec(path)?.[1];
    const allowed = ['renderer/src/ui', 'renderer/src/shell', 'renderer/src/api', 'renderer/src/stores', 'shared'];
    expect(violations('renderer/src/features', (s, to, file) => s.startsWith('.') && featureOf(to) !== featureOf(file) && !inside(to, ...allowed))).toEqual([]);
  });

  it('renderer ui/ imports no feature and no shell', () => {
    expect(violations('renderer/src/ui', (s, to) => inside(to, 'renderer/src/features', 'renderer/src/shell'))).toEqual([]);
  });

  it('renderer api/ and stores/ import no feature, ui/ or shell', () => {
    const above = ['renderer/src/features', 'renderer/src/ui', 'renderer/src/shell'];
    expect([
      ...violations('renderer/src/api', (s, to) => inside(to, ...above, 'renderer/src/stores')),
      ...violations('renderer/src/stores', (s, to) => inside(to, ...above)),
    ]).toEqual([]);
  });

  it('the headless host never imports electron or the Electron shell', () => {
    expect(violations('electron/host', (s, to) => isElectron(s) || inside(to, 'electron/main', 'electron/preload', 'renderer'))).toEqual([]);
  });

  it('the demo drives the engine as a host does: createEngine and the contract, never its components', () => {
    const engineEntries = [
      'electron/engine/engine',
      // Hosts inject the time; the demo's waits run on the clock it is given.
      'electron/engine/clock',
      // The feeder is a background loop and stops at once, as the engine's own loops do.
      'electron/engine/loop-control',
      // The demo's data folder is named after the real one, which the hosts find the same way.
      'electron/engine/data-dir',
    ];
    expect(
      violations('electron/demo', (s, to) => isElectron(s) || (s.startsWith('.') && !inside(to, 'electron/demo', 'shared', 'resources/demo') && !engineEntries.includes(to))),
    ).toEqual([]);
  });

  it('the preload imports only electron and shared/', () => {
    expect(violations('electron/preload', (s, to) => !isElectron(s) && !(s.startsWith('.') && inside(to, 'electron/preload', 'shared')))).toEqual([]);
  });
});
