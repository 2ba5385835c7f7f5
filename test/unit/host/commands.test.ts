/**
 * The host's sub-commands as a script would run them: `backup` and `restore` with their options,
 * what they print and their exit codes; anything else is still the server's command line.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { commandsUsage, findCommand, runCommand, serverArgv } from '../../../electron/host/commands';
import { SECRETS_FILE } from '../../../electron/engine/data-dir';
import { startTestEngine, type TestEngine } from '../../support/engine';
import { testDataDirs } from '../../support/host-process';

let t: TestEngine | undefined;
const dirs = testDataDirs();
afterEach(async () => {
  await t?.dispose();
  t = undefined;
  dirs.removeAll();
});
const dir = dirs.make;

async function casebridge(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const command = findCommand(argv);
  if (!command) throw new Error(`${argv[0]} is not a sub-command`);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand(command, argv.slice(1), { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

it('leaves the server command line to the server', () => {
  expect(findCommand([])).toBeUndefined();
  expect(findCommand(['--port', '8700'])).toBeUndefined();
  expect(findCommand(['--help'])).toBeUndefined();
  expect(findCommand(['backup'])?.name).toBe('backup');
  expect(commandsUsage()).toMatch(/backup .*\n {2}restore /);
});

it('takes serve and check as words for the server and its --check, so every task reads casebridge <task>', () => {
  expect(findCommand(['serve', '--port', '8700'])).toBeUndefined();
  expect(serverArgv(['serve', '--port', '8700'])).toEqual(['--port', '8700']);
  expect(serverArgv(['check', '--tls', 'self-signed'])).toEqual(['--tls', 'self-signed', '--check']);
  expect(serverArgv(['--port', '8700'])).toEqual(['--port', '8700']);
  expect(serverArgv([])).toEqual([]);
  expect(commandsUsage()).toMatch(/^ {2}serve .*\n {2}check .*\n {2}backup /m);
});

it('backs up a running engine with sealed secrets, and restores into another folder with the passphrase', async () => {
  t = startTestEngine();
  t.engine.intake.receive({ id: 'CAS-1', type: 'Fly-tipping report', fields: {} });
  await t.engine.secrets.set('tascomi.private-key', 'SECRET-cli');
  const to = dir();
  const passphraseFile = join(dir(), 'passphrase.txt');
  writeFileSync(passphraseFile, 'a long enough passphrase\n');

  const backup = await casebridge('backup', '--data-dir', t.dataDir, '--to', to, '--with-secrets', '--passphrase-file', passphraseFile);
  expect(backup.err).toBe('');
  expect(backup).toMatchObject({ code: 0 });
  expect(backup.out).toMatch(
    /Backing up .* \.\.\.\nCopied \d+ pages; checking the copy \.\.\.\nBacked up: .*casebridge-.*\.sqlite \(\d+\.\d MB, schema version \d+, secrets sealed with the passphrase\)\./,
  );
  const [file] = readdirSync(to).filter((n) => n.endsWith('.sqlite'));

  const target = dir();
  const restore = await casebridge('restore', join(to, file!), '--data-dir', target, '--passphrase-file', passphraseFile);
  expect(restore.err).toBe('');
  expect(restore.code).toBe(0);
  expect(restore.out).toContain('Secrets restored.');
  expect(restore.out).toContain('Start casebridge again.');
  expect(readFileSync(join(target, SECRETS_FILE), 'utf8')).toContain('SECRET-cli');

  // Restoring into the folder the engine still holds is refused, exit code 1.
  const refused = await casebridge('restore', join(to, file!), '--data-dir', t.dataDir);
  expect(refused.code).toBe(1);
  expect(refused.err).toContain(`casebridge restore: casebridge is running on ${t.dataDir}: stop it`);
});

it('a wrong command line exits 2 with what is wrong and the usage; --help prints the usage and exits 0', async () => {
  const noPassphrase = await casebridge('backup', '--with-secrets');
  expect(noPassphrase.code).toBe(2);
  expect(noPassphrase.err).toContain('--with-secrets and --passphrase-file go together');
  expect(noPassphrase.err).toContain('Usage: casebridge backup');
  expect((await casebridge('restore')).err).toContain('name the backup file to restore.');
  expect((await casebridge('backup', '--too', 'x')).err).toContain('--too is not an option of this command.');
  expect((await casebridge('backup', '--to')).err).toContain('--to needs a value.');
  const help = await casebridge('restore', '--help');
  expect(help).toMatchObject({ code: 0, err: '' });
  expect(help.out).toContain('Usage: casebridge restore FILE');
});

it('a backup of a folder with no database, or a short passphrase, fails with exit code 1 and says so', async () => {
  const empty = dir();
  const none = await casebridge('backup', '--data-dir', empty);
  expect(none).toMatchObject({ code: 1 });
  expect(none.err).toContain(`There is no casebridge database at ${join(empty, 'casebridge.sqlite')}: give the data folder with --data-dir.`);
  const short = join(empty, 'short.txt');
  writeFileSync(short, 'short\n');
  const shortOne = await casebridge('backup', '--data-dir', empty, '--with-secrets', '--passphrase-file', short);
  expect(shortOne.code).toBe(1);
  expect(shortOne.err).toContain(`The passphrase in ${short}: The passphrase is 5 characters; use at least 12.`);
});

it('backup --keep N deletes all but the newest N backups in the folder, as a nightly script wants; a bad N changes nothing', async () => {
  t = startTestEngine();
  const to = dir();
  for (let i = 0; i < 3; i++) expect((await casebridge('backup', '--data-dir', t.dataDir, '--to', to)).code).toBe(0);
  const before = readdirSync(to)
    .filter((n) => n.endsWith('.sqlite'))
    .sort();
  expect(before).toHaveLength(3);

  const kept = await casebridge('backup', '--data-dir', t.dataDir, '--to', to, '--keep', '2');
  expect(kept.code).toBe(0);
  expect(kept.out).toContain(`Deleted 2 older backup(s) to keep 2: ${before[1]}, ${before[0]}.`);
  const after = readdirSync(to)
    .filter((n) => n.endsWith('.sqlite'))
    .sort();
  expect(after).toHaveLength(2);
  expect(after[0]).toBe(before[2]);

  for (const bad of ['0', 'two', '366', '1.5']) {
    const refused = await casebridge('backup', '--data-dir', t.dataDir, '--to', to, '--keep', bad);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`--keep ${bad}: give a whole number of backups to keep`);
  }
  expect(
    readdirSync(to)
      .filter((n) => n.endsWith('.sqlite'))
      .sort(),
  ).toEqual(after);
});
