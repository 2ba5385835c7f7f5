// `npm run dist`: the installers. Builds with electron-vite, then electron-builder (configuration in
// electron-builder.ts) makes this platform's installers in release/, or those named:
//   npm run dist -- --win      NSIS (per-user or per-machine) and MSI
//   npm run dist -- --linux    AppImage and .deb
//   npm run dist -- --mac      dmg (on a Mac only)
// It ends by saying, per platform, whether what it built is signed.
import { join } from 'node:path';
import { withBuildKept } from './node-sqlite-kept.mjs';
import { ROOT, buildAll, run } from './run-steps.mjs';
import { signingSummary } from './signing.mjs';

const PLATFORM_FLAGS = { win: ['--win', '-w', '--windows'], mac: ['--mac', '-m', '-o', '--macos'], linux: ['--linux', '-l'] };
const HERE = { win32: 'win', darwin: 'mac', linux: 'linux' }[process.platform];

const args = process.argv.slice(2).filter((a) => a !== '--');
const named = Object.keys(PLATFORM_FLAGS).filter((platform) => args.some((a) => PLATFORM_FLAGS[platform].includes(a)));
const platforms = named.length > 0 ? named : [HERE];
// Checked before the build (minutes): a half-set signing account stops here, by name.
let summary;
try {
  summary = signingSummary(process.env, platforms);
} catch (error) {
  console.error(`casebridge: ${error.message}`);
  process.exit(1);
}

await buildAll();
// Kept beside the module, on the same disk, so putting it back is a rename (node_modules may be a link).
const sqlite = join(ROOT, 'node_modules', 'better-sqlite3');
const code = await withBuildKept(sqlite, join(sqlite, '..', '.better-sqlite3-node-build'), () => run('electron-builder', ['--publish', 'never', ...args]));
if (code !== 0) {
  console.error('casebridge: electron-builder failed (see above); no installers were made.');
  process.exit(code);
}
console.log(`\ncasebridge: installers are in release/.\n${summary.map((line) => `  ${line}`).join('\n')}`);
