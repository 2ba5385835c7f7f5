/**
 * The package cannot be built here (the Electron runtime cannot be downloaded), so this reads the
 * configuration electron-builder would use (electron-builder.ts) and checks what the installers
 * promise: the schema, fuses, what goes in, native modules, targets, updates, signing and icons.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { FileMatcher } from 'app-builder-lib/out/fileMatcher';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import type { Configuration } from 'electron-builder';
import { ROOT } from '../../support/import-graph';
import defaultConfig, { builderConfig, NO_BUILT_IN_UPDATE_URL } from '../../../electron-builder';
import { signingSummary } from '../../../scripts/signing.mjs';
import { withBuildKept } from '../../../scripts/node-sqlite-kept.mjs';

const config = builderConfig({});
const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
// As electron-builder validates (app-builder-lib/out/util/config/schemaValidator.js), minus the type coercion.
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** Whether electron-builder's own matcher takes `path` (relative to the repo) with these patterns. */
function matcher(patterns: string[]): (path: string) => boolean {
  const filter = new FileMatcher(ROOT, '/', (s) => s, patterns).createFilter();
  return (path) => filter(join(ROOT, path), { isDirectory: () => false } as never);
}

const trackedFiles = () => execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the package (electron-builder.ts)', () => {
  it('is what electron-builder loads, and passes its schema; a mistyped option does not', async () => {
    expect(defaultConfig).toEqual(builderConfig(process.env));
    const loaded = await getConfig(ROOT, null, null);
    // electron-builder's loader wraps the files list in a filter set; the rest is as written.
    expect(loaded).toMatchObject({ ...(JSON.parse(JSON.stringify(defaultConfig)) as object), files: [{ filter: defaultConfig.files }] });
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(validate({ ...config, nsis: { ...config.nsis, perMachin: true } })).toBe(false);
    expect(validate({ ...config, electronFuse: config.electronFuses })).toBe(false);
  });

  it('burns in the fuses: no Node mode, no NODE_OPTIONS or --inspect, encrypted cookies, only its own checked asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).toBe(true);
  });

  it('packages the build, the shipped data and package.json, and none of the repo’s other files', () => {
    const packaged = matcher(config.files as string[]);
    const tracked = trackedFiles();
    const taken = tracked.filter(packaged);
    expect(taken.filter((path) => !path.startsWith('resources/')).sort()).toEqual(['package.json']);
    expect(taken).toEqual(expect.arrayContaining(tracked.filter((path) => path.startsWith('resources/'))));
    const never = tracked.filter((path) => /^(test|electron|shared|renderer|scripts|docs|build|\.ci)\//.test(path) || /\.tsx?$/.test(path) || /^[^/]+\.md$/.test(path));
    expect(never.length).toBeGreaterThan(100);
    expect(never.filter(packaged)).toEqual([]);
    for (const built of ['out/main/index.js', 'out/main/host.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-abc123.js']) {
      expect(packaged(built), built).toBe(true);
    }
    expect(packaged('out/main/index.js.map')).toBe(false);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(packaged(pkg.main)).toBe(true);
    expect(pkg.scripts.dist).toBe('node scripts/dist.mjs');
    expect(config.extraResources).toEqual([{ from: 'resources/service', to: 'service' }]);
  });

  it('rebuilds better-sqlite3 for Electron and unpacks its native module from the asar', () => {
    expect(config.npmRebuild).toBe(true);
    const unpacked = matcher(config.asarUnpack as string[]);
    const nativeFiles = readdirSync(join(ROOT, 'node_modules/better-sqlite3'), { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.node'))
      .map((path) => `node_modules/better-sqlite3/${path}`);
    expect(nativeFiles).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(nativeFiles.filter((path) => !unpacked(path))).toEqual([]);
    expect(unpacked('node_modules/better-sqlite3/lib/database.js')).toBe(false);
    expect(unpacked('out/main/index.js')).toBe(false);
  });

  it('makes NSIS (per-user or per-machine) and MSI (per-machine) for Windows, AppImage and deb for Linux, dmg for macOS', () => {
    expect(config.win?.target).toEqual([
      { target: 'nsis', arch: ['x64'] },
      { target: 'msi', arch: ['x64'] },
    ]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true, deleteAppDataOnUninstall: false });
    expect(config.msi).toMatchObject({ perMachine: true, runAfterFinish: false });
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.directories).toEqual({ output: 'release', buildResources: 'build' });
    // The MSI's upgrade code comes from it: another id would install beside the old version.
    expect(config.appId).toBe('uk.casebridge.console');
  });

  it('publishes for the generic provider with no update server written in: the URL is the build’s, or one that never resolves', () => {
    expect(config.publish).toEqual([{ provider: 'generic', url: NO_BUILT_IN_UPDATE_URL }]);
    expect(new URL(NO_BUILT_IN_UPDATE_URL).hostname).toMatch(/\.invalid$/);
    const given = 'https://intranet.council.example/casebridge/';
    expect(builderConfig({ CASEBRIDGE_UPDATE_URL: given }).publish).toEqual([{ provider: 'generic', url: given }]);
    const urls = readFileSync(join(ROOT, 'electron-builder.ts'), 'utf8').match(/https?:\/\/[^\s'"`]+/g) ?? [];
    expect(urls).toEqual([NO_BUILT_IN_UPDATE_URL]);
  });

  it('signs from the environment only, and an unsigned build says so', () => {
    expect(config.win).not.toHaveProperty('azureSignOptions');
    expect(config.win?.signtoolOptions).toEqual({ signingHashAlgorithms: ['sha256'] });
    expect(config.mac?.notarize).toBe(false);
    expect(signingSummary({}, ['win'])).toEqual([expect.stringMatching(/^Windows: UNSIGNED\. .*CSC_LINK/)]);
    expect(signingSummary({ CSC_LINK: 'C:\\certs\\council.pfx' }, ['win'])).toEqual(['Windows: signed with the certificate in CSC_LINK.']);
    expect(signingSummary({}, ['mac'])).toEqual([expect.stringMatching(/^macOS: UNSIGNED/), expect.stringMatching(/^macOS: NOT NOTARISED/)]);
    expect(signingSummary({}, ['linux'])).toEqual([expect.stringMatching(/^Linux: .*not code-signed/)]);

    const azure = {
      CASEBRIDGE_AZURE_SIGNING_ENDPOINT: 'https://weu.codesigning.azure.net',
      CASEBRIDGE_AZURE_SIGNING_ACCOUNT: 'council-signing',
      CASEBRIDGE_AZURE_SIGNING_PROFILE: 'casebridge',
      CASEBRIDGE_AZURE_SIGNING_PUBLISHER: 'Example Borough Council',
      AZURE_TENANT_ID: 'tenant',
      AZURE_CLIENT_ID: 'client',
      AZURE_CLIENT_SECRET: 'secret',
    };
    const signed = builderConfig(azure);
    expect(signed.win?.azureSignOptions).toEqual({
      endpoint: 'https://weu.codesigning.azure.net',
      codeSigningAccountName: 'council-signing',
      certificateProfileName: 'casebridge',
      publisherName: 'Example Borough Council',
    });
    expect(signed.win).not.toHaveProperty('signtoolOptions'); // electron-builder takes one or the other
    expect(validate(signed), JSON.stringify(validate.errors)).toBe(true);
    expect(signingSummary(azure, ['win'])).toEqual(['Windows: signed with Azure Trusted Signing.']);
    expect(() => builderConfig({ ...azure, AZURE_CLIENT_SECRET: '' })).toThrow(/half set up: set AZURE_CLIENT_SECRET/);
    expect(builderConfig({ AZURE_TENANT_ID: 'tenant' }).win).not.toHaveProperty('azureSignOptions'); // other Azure tools' variables

    const apple = { APPLE_ID: 'it@council.example', APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh-ijkl-mnop', APPLE_TEAM_ID: 'ABCDE12345' };
    expect(builderConfig(apple).mac?.notarize).toBe(true);
    expect(builderConfig({ ...apple, APPLE_TEAM_ID: undefined }).mac?.notarize).toBe(false);
  });

  it('has its icons in build/ at the sizes each platform wants', () => {
    expect(pngSize(readFileSync(join(ROOT, 'build/icon.png')))).toEqual({ width: 1024, height: 1024 });

    const ico = readFileSync(join(ROOT, 'build/icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const icoSizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
      const entry = 6 + 16 * i;
      const size = ico.readUInt8(entry) || 256;
      const png = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
      expect(pngSize(png)).toEqual({ width: size, height: size });
      return size;
    });
    expect(icoSizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));

    const icns = readFileSync(join(ROOT, 'build/icon.icns'));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const icnsImages = new Map<string, number>();
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      icnsImages.set(icns.subarray(at, at + 4).toString('ascii'), pngSize(icns.subarray(at + 8, at + icns.readUInt32BE(at + 4))).width);
    }
    expect(icnsImages).toEqual(
      new Map([
        ['ic11', 32],
        ['ic12', 64],
        ['ic07', 128],
        ['ic13', 256],
        ['ic08', 256],
        ['ic14', 512],
        ['ic09', 512],
        ['ic10', 1024],
      ]),
    );

    const platforms: Configuration[] = [config];
    expect(platforms.map((c) => [c.win?.icon, c.linux?.icon, c.mac?.icon])).toEqual([['build/icon.ico', 'build/icon.png', 'build/icon.icns']]);
  });
});

describe('no dev server in a production path', () => {
  it('reads ELECTRON_RENDERER_URL in development.ts only, behind the packaged check and the development flag', () => {
    const readers = readdirSync(join(ROOT, 'electron'), { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.ts') && readFileSync(join(ROOT, 'electron', path), 'utf8').includes('ELECTRON_RENDERER_URL'))
      .map((path) => path.replaceAll('\\', '/'));
    expect(readers).toEqual(['main/development.ts']);
  });

  // `npx electron-vite build` makes it; the source rule above holds either way.
  const built = join(ROOT, 'out/main/index.js');
  it.skipIf(!existsSync(built))('the built main process carries the development flag’s check', () => {
    const main = readFileSync(built, 'utf8');
    expect(main, 'out/main/index.js lacks the check: is the build older than the source? (npx electron-vite build)').toContain('CASEBRIDGE_DEV');
    expect(main).not.toMatch(/localhost:5173/);
  });
});

describe('npm run dist leaves the Node build of better-sqlite3 as it found it', () => {
  const buildOf = (dir: string) => readdirSync(join(dir, 'build'), { recursive: true, encoding: 'utf8' }).sort();

  function moduleWithNodeBuild() {
    const root = mkdtempSync(join(tmpdir(), 'casebridge-dist-'));
    const moduleDir = join(root, 'better-sqlite3');
    mkdirSync(join(moduleDir, 'build', 'Release'), { recursive: true });
    writeFileSync(join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), 'built for Node');
    return { root, moduleDir, keepDir: join(root, '.better-sqlite3-node-build') };
  }

  /** What electron-builder's rebuild does to the folder: the Node build gone, Electron's in its place. */
  function rebuildForElectron(moduleDir: string) {
    rmSync(join(moduleDir, 'build'), { recursive: true });
    mkdirSync(join(moduleDir, 'build', 'Release'), { recursive: true });
    writeFileSync(join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), 'built for Electron');
    writeFileSync(join(moduleDir, 'build', 'config.gypi'), '{}');
  }

  it('puts the Node build back after electron-builder, whether it succeeded or failed', async () => {
    const { root, moduleDir, keepDir } = moduleWithNodeBuild();
    try {
      const before = buildOf(moduleDir);
      await expect(withBuildKept(moduleDir, keepDir, () => (rebuildForElectron(moduleDir), 0))).resolves.toBe(0);
      expect(buildOf(moduleDir)).toEqual(before);
      expect(readFileSync(join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('built for Node');
      expect(existsSync(keepDir)).toBe(false);

      const failing = withBuildKept(moduleDir, keepDir, () => {
        rebuildForElectron(moduleDir);
        throw new Error('electron-builder could not download Electron');
      });
      await expect(failing).rejects.toThrow('could not download');
      expect(readFileSync(join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('built for Node');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('puts back a copy an interrupted run left before keeping one again', async () => {
    const { root, moduleDir, keepDir } = moduleWithNodeBuild();
    try {
      // As Ctrl+C during electron-builder leaves it: the Node build kept aside, Electron's in the module.
      cpSync(join(moduleDir, 'build'), keepDir, { recursive: true });
      rebuildForElectron(moduleDir);
      await withBuildKept(moduleDir, keepDir, () => {
        expect(readFileSync(join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('built for Node');
      });
      expect(readFileSync(join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('built for Node');
      expect(existsSync(join(moduleDir, 'build', 'config.gypi'))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
