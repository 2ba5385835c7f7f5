/**
 * How `npm run dist` packages casebridge (electron-builder finds this file by its name; a .ts file
 * so the compiler checks it against electron-builder's own Configuration type).
 *
 * Decisions:
 * - Only the build (out/), the shipped data (resources/) and package.json go into the app, plus the
 *   production node_modules electron-builder adds itself: never sources, tests, emulators or docs.
 * - better-sqlite3 is rebuilt for Electron's ABI (npmRebuild) and its .node file unpacked from the
 *   asar: a native module cannot be loaded from inside an archive.
 * - One NSIS installer serves both per-user and per-machine (it asks; `/S` is per-user and
 *   `/S /allusers` per-machine when silent), so there is one file to test and sign. The MSI is
 *   per-machine only: it is what Intune and Group Policy push to every user of a workstation.
 * - Fuses are burnt into the Electron binary: nobody can run it as plain Node, pass it NODE_OPTIONS
 *   or --inspect, or swap the app's code beside the signed archive.
 * - Updates: the generic provider, so a council's own file share or intranet server holds them. The
 *   app takes its update URL from the machine policy at run time (electron/main/updates.ts); the URL
 *   written into the package is only the build's CASEBRIDGE_UPDATE_URL, or a reserved .invalid name
 *   that can never resolve, because electron-builder writes the update files (latest.yml) only when
 *   a publish provider is configured.
 * - Signing comes from the environment only (scripts/signing.mjs), never from a file in the repo.
 */
import type { Configuration } from 'electron-builder';
import { azureSignOptions, canNotarise, type Env } from './scripts/signing.mjs';

/** Written into the package when the build names no update URL; `.invalid` never resolves (RFC 2606). */
export const NO_BUILT_IN_UPDATE_URL = 'https://update-url-comes-from-machine-policy.invalid/';

export function builderConfig(env: Env): Configuration {
  const azure = azureSignOptions(env);
  return {
    // Never change it: the MSI's upgrade code and the NSIS install's identity are derived from it, so
    // a new value would install beside the old version instead of upgrading it.
    appId: 'uk.casebridge.console',
    productName: 'casebridge',
    copyright: 'casebridge',
    directories: { output: 'release', buildResources: 'build' },
    files: ['out/**/*', 'resources/**/*', 'package.json', '!**/*.map'],
    // The service definitions for the headless host, beside the app where IT staff can find them.
    extraResources: [{ from: 'resources/service', to: 'service' }],
    asar: true,
    asarUnpack: ['**/node_modules/better-sqlite3/**/*.node'],
    npmRebuild: true,
    buildDependenciesFromSource: false,
    electronFuses: {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    },
    artifactName: '${productName}-${version}-${os}-${arch}.${ext}',
    publish: [{ provider: 'generic', url: env.CASEBRIDGE_UPDATE_URL?.trim() || NO_BUILT_IN_UPDATE_URL }],
    win: {
      target: [
        { target: 'nsis', arch: ['x64'] },
        { target: 'msi', arch: ['x64'] },
      ],
      icon: 'build/icon.ico',
      // SHA-256 only: the legacy SHA-1 signature electron-builder adds by default protects nothing today.
      ...(azure ? { azureSignOptions: azure } : { signtoolOptions: { signingHashAlgorithms: ['sha256'] } }),
    },
    nsis: {
      oneClick: false,
      perMachine: false,
      allowElevation: true,
      allowToChangeInstallationDirectory: true,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      // The data folder holds the council's cases and log: an uninstall never deletes it.
      deleteAppDataOnUninstall: false,
      artifactName: '${productName}-${version}-setup-${arch}.${ext}',
    },
    msi: {
      perMachine: true,
      oneClick: true,
      // Installed by Intune or SCCM as SYSTEM: nobody to show a window to.
      runAfterFinish: false,
      createDesktopShortcut: false,
      createStartMenuShortcut: true,
    },
    linux: {
      target: ['AppImage', 'deb'],
      icon: 'build/icon.png',
      category: 'Office',
      maintainer: 'casebridge',
      synopsis: 'Carries council CRM cases into back-office systems',
    },
    mac: {
      target: ['dmg'],
      icon: 'build/icon.icns',
      category: 'public.app-category.business',
      hardenedRuntime: true,
      notarize: canNotarise(env),
    },
  };
}

export default builderConfig(process.env);
