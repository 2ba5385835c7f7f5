/**
 * The tier rules of design.md, section 2: what each part of the code base may import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|cts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Every module specifier a file imports, re-exports, requires or dynamically imports. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

interface Violation {
  file: string;
  specifier: string;
}

/** Where a relative import lands, as a path from the repository root. */
function target(file: string, specifier: string): string {
  return specifier.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), specifier)) : specifier;
}

function violations(dir: string, forbidden: (specifier: string, landsIn: string) => boolean): Violation[] {
  const out: Violation[] = [];
  for (const file of sourceFiles(dir)) {
    for (const specifier of importsOf(readFileSync(join(ROOT, file), 'utf8'))) {
      if (forbidden(specifier, target(file, specifier))) out.push({ file, specifier });
    }
  }
  return out;
}

const isElectron = (s: string) => s === 'electron' || s.startsWith('electron/');
const isNode = (s: string) => NODE_BUILTINS.has(s) || NODE_BUILTINS.has(s.split('/')[0]!);
const inside = (landsIn: string, ...dirs: string[]) => dirs.some((d) => landsIn === d || landsIn.startsWith(`${d}/`));

describe('tier rules', () => {
  it('the import scanner sees every form of import', () => {
    const sample = `import a from 'electron';\nimport { b } from "node:fs";\nexport * from './x';\nimport type { T } from '../y';\nconst c = await import('z');\nconst d = require('w');\nimport 'side-effect';`;
    expect(importsOf(sample)).toEqual(['electron', 'node:fs', './x', '../y', 'side-effect', 'z', 'w']);
  });

  it('the engine never imports electron, the shell, the host or the renderer', () => {
    expect(violations('electron/engine', (s, to) => isElectron(s) || inside(to, 'electron/main', 'electron/preload', 'electron/host', 'renderer'))).toEqual([]);
  });

  it('shared/ imports neither electron nor Node built-ins nor any other tier', () => {
    expect(violations('shared', (s, to) => isElectron(s) || isNode(s) || (s.startsWith('.') && !inside(to, 'shared')))).toEqual([]);
  });

  it('the renderer imports only shared/ and browser packages', () => {
    expect(
      violations('renderer', (s, to) => isElectron(s) || isNode(s) || s === 'better-sqlite3' || s === 'ws' || (s.startsWith('.') && !inside(to, 'renderer', 'shared'))),
    ).toEqual([]);
  });

  it('the headless host never imports electron or the Electron shell', () => {
    expect(violations('electron/host', (s, to) => isElectron(s) || inside(to, 'electron/main', 'electron/preload', 'renderer'))).toEqual([]);
  });

  it('the preload imports only electron and shared/', () => {
    expect(violations('electron/preload', (s, to) => !isElectron(s) && !(s.startsWith('.') && inside(to, 'electron/preload', 'shared')))).toEqual([]);
  });
});
