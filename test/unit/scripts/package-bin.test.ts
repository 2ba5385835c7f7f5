import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandLine, npmCli, packageBin, type BinFs } from '../../../scripts/package-bin.mjs';
import { ROOT } from '../../support/import-graph';

/** Every tool a script runs through run-steps' run() (or test-all's check(stage, tool)), read from the scripts themselves. */
function toolsTheScriptsRun(): string[] {
  const tools = new Set<string>();
  for (const file of readdirSync(path.join(ROOT, 'scripts')).filter((f) => f.endsWith('.mjs'))) {
    for (const match of readFileSync(path.join(ROOT, 'scripts', file), 'utf8').matchAll(/\b(?:run\(|check\('[^']*', )'([^']+)'/g)) tools.add(match[1]!);
  }
  return [...tools].filter((tool) => tool !== 'node' && tool !== 'npm').sort();
}

/** A file system of `files` (path -> text), read through path.win32 as a Windows machine would. */
function tableFs(files: Record<string, string>): BinFs {
  return {
    exists: (file) => file in files,
    readText: (file) => {
      if (!(file in files)) throw new Error(`ENOENT: ${file}`);
      return files[file]!;
    },
  };
}

const SIAN = 'C:\\Users\\Siân Jones\\Documents\\council tools\\casebridge';

describe('packageBin: the JS file a tool runs from', () => {
  it('finds every tool the scripts run, and each is a Node script inside its package', () => {
    const tools = toolsTheScriptsRun();
    // The tools the scripts run today, and those the developer runs by hand through npm scripts.
    expect(tools).toEqual(expect.arrayContaining(['electron-vite', 'eslint', 'playwright', 'prebuild-install', 'prettier', 'tsc', 'vitest']));
    for (const tool of [...tools, 'tsx', 'drizzle-kit']) {
      const entry = packageBin(tool, { root: ROOT });
      expect(entry, tool).not.toMatch(/[\\/]\.bin[\\/]/);
      expect(statSync(entry).isFile(), entry).toBe(true);
      // A .js/.mjs/.cjs file, or (typescript's bin/tsc) a JS file named without one: never a shell script.
      const text = readFileSync(entry, 'utf8');
      if (!/\.[cm]?js$/.test(entry)) expect(text.split('\n')[0], entry).toBe('#!/usr/bin/env node');
      expect(text, entry).not.toMatch(/^#!\/bin\/(ba)?sh/);
    }
  });

  it('reads a Windows tree: a user name with an accent and spaces, the package hoisted one folder up', () => {
    const fs = tableFs({
      'C:\\Users\\Siân Jones\\Documents\\council tools\\node_modules\\vitest\\package.json': JSON.stringify({ bin: { vitest: './vitest.mjs' } }),
      [`${SIAN}\\node_modules\\@playwright\\test\\package.json`]: JSON.stringify({ bin: { playwright: 'cli.js' } }),
      [`${SIAN}\\node_modules\\prettier\\package.json`]: JSON.stringify({ bin: './bin/prettier.cjs' }),
    });
    expect(packageBin('vitest', { root: SIAN, path: path.win32, fs })).toBe('C:\\Users\\Siân Jones\\Documents\\council tools\\node_modules\\vitest\\vitest.mjs');
    expect(packageBin('playwright', { root: SIAN, path: path.win32, fs })).toBe(`${SIAN}\\node_modules\\@playwright\\test\\cli.js`);
    expect(packageBin('prettier', { root: SIAN, path: path.win32, fs })).toBe(`${SIAN}\\node_modules\\prettier\\bin\\prettier.cjs`);
  });

  it('says to run npm ci when the package is missing, and names a package without that command', () => {
    const fs = tableFs({ [`${SIAN}\\node_modules\\eslint\\package.json`]: JSON.stringify({ bin: { 'eslint-other': './x.js' } }) });
    expect(() => packageBin('tsc', { root: SIAN, path: path.win32, fs })).toThrow(
      `casebridge: tsc is not installed (no typescript package in ${SIAN}\\node_modules): run \`npm ci\` first.`,
    );
    expect(() => packageBin('eslint', { root: SIAN, path: path.win32, fs })).toThrow(/the package eslint \(.*\) has no command eslint/);
  });
});

describe('npmCli: npm as a JS file, never npm.cmd', () => {
  const NODE_EXE = 'C:\\Program Files\\nodejs\\node.exe';
  const BESIDE = 'C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js';

  it('on Windows, the npm installed beside node.exe', () => {
    expect(npmCli({ env: {}, execPath: NODE_EXE, platform: 'win32', path: path.win32, fs: tableFs({ [BESIDE]: '' }) })).toBe(BESIDE);
  });

  it('prefers the npm that runs this script, when it names its JS entry', () => {
    const named = 'C:\\Users\\Siân Jones\\AppData\\Roaming\\nvm\\v20.19.0\\node_modules\\npm\\bin\\npm-cli.js';
    const fs = tableFs({ [BESIDE]: '', [named]: '' });
    expect(npmCli({ env: { npm_execpath: named }, execPath: NODE_EXE, platform: 'win32', path: path.win32, fs })).toBe(named);
    // Another package manager's entry, or a file that is not there, is not npm.
    expect(npmCli({ env: { npm_execpath: 'C:\\pnpm\\pnpm.cjs' }, execPath: NODE_EXE, platform: 'win32', path: path.win32, fs })).toBe(BESIDE);
  });

  it('elsewhere, lib/node_modules/npm above bin/node; and says so when there is none', () => {
    const posix = '/usr/local/lib/node_modules/npm/bin/npm-cli.js';
    expect(npmCli({ env: {}, execPath: '/usr/local/bin/node', platform: 'linux', path: path.posix, fs: tableFs({ [posix]: '' }) })).toBe(posix);
    expect(() => npmCli({ env: {}, execPath: NODE_EXE, platform: 'win32', path: path.win32, fs: tableFs({}) })).toThrow(`npm was not found beside Node (${BESIDE})`);
  });
});

describe('commandLine: what to spawn, with no shell', () => {
  it('node is this Node; npm and every tool are this Node running a JS entry', () => {
    const fs = tableFs({ [`${SIAN}\\node_modules\\typescript\\package.json`]: JSON.stringify({ bin: { tsc: './bin/tsc' } }), 'C:\\node\\node_modules\\npm\\bin\\npm-cli.js': '' });
    const where = { root: SIAN, execPath: 'C:\\node\\node.exe', platform: 'win32', env: {}, path: path.win32, fs };
    expect(commandLine('node', ['-v'], where)).toEqual({ file: 'C:\\node\\node.exe', args: ['-v'] });
    expect(commandLine('tsc', ['--noEmit'], where)).toEqual({ file: 'C:\\node\\node.exe', args: [`${SIAN}\\node_modules\\typescript\\bin\\tsc`, '--noEmit'] });
    expect(commandLine('npm', ['exec', '--', 'node-gyp'], where)).toEqual({
      file: 'C:\\node\\node.exe',
      args: ['C:\\node\\node_modules\\npm\\bin\\npm-cli.js', 'exec', '--', 'node-gyp'],
    });
  });
});
