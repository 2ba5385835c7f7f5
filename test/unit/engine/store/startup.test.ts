/**
 * Start-up refusals: an engine that cannot trust or use its store does not start, and says which
 * file or folder, what is wrong with it, and what to do. Nothing is written to a store it refuses.
 */
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../../electron/engine/data-dir';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { makeDataDir, removeDataDir } from '../../../support/host-process';
import { smallDiskForTest } from '../../../support/small-disk';
import { damageLogPages } from '../../../support/store-damage';

const running: TestEngine[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.dispose();
  for (const d of dirs.splice(0)) removeDataDir(d);
});

function start(dataDir?: string): TestEngine {
  const t = startTestEngine(dataDir ? { dataDir } : {});
  running.push(t);
  return t;
}
function folder(): string {
  const dir = makeDataDir();
  dirs.push(dir);
  return dir;
}

/** A store with a real log, closed cleanly, as a person's would be. */
async function storeWithLog(dataDir: string, entries = 3000): Promise<string> {
  const t = startTestEngine({ dataDir });
  for (let i = 0; i < entries; i++) t.engine.log.write({ level: 'info', source: 'test', message: `entry ${i} about case CAS-${i % 97} and what happened to it` });
  await t.engine.close();
  return join(dataDir, DATABASE_FILE);
}

describe('an engine refuses to start on a store it cannot trust', () => {
  it('refuses a store whose pages are damaged, naming the file and what to do, and writes nothing to it', async () => {
    const dataDir = folder();
    const path = await storeWithLog(dataDir);
    damageLogPages(path);
    const before = readFileSync(path);
    let refusal: unknown;
    try {
      start(dataDir);
    } catch (error) {
      refusal = error;
    }
    expect(refusal, 'the engine started on a damaged store').toBeInstanceOf(Error);
    const message = (refusal as Error).message;
    expect(message).toContain(path);
    expect(message).toMatch(/is damaged/);
    expect(message).toMatch(/restore .*backup/i);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a file that is not a database, naming it', () => {
    const dataDir = folder();
    const path = join(dataDir, DATABASE_FILE);
    writeFileSync(path, 'these are meeting notes, saved over the store by mistake\n'.repeat(200));
    expect(() => start(dataDir)).toThrow(`${path} is not a casebridge database`);
  });

  it('refuses a database written by a newer casebridge, naming the file', async () => {
    const dataDir = folder();
    const path = await storeWithLog(dataDir, 1);
    const raw = new Database(path);
    raw.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', Date.now() + 10 ** 12);
    raw.close();
    expect(() => start(dataDir)).toThrow(new RegExp(`${escape(path)}.*was written by a newer casebridge`));
  });
});

describe('an engine says what is wrong with its data folder', () => {
  it('when the data folder is a file', () => {
    const parent = folder();
    const dataDir = join(parent, 'casebridge');
    writeFileSync(dataDir, 'not a folder');
    expect(() => start(dataDir)).toThrow(`The data folder ${dataDir} is not a folder`);
  });

  it('when the data folder is missing and cannot be created (its parent is read-only)', (context) => {
    const d = smallDiskForTest(context, 4);
    d.readOnly();
    const dataDir = join(d.dir, 'casebridge');
    expect(() => start(dataDir)).toThrow(new RegExp(`The data folder ${escape(dataDir)} does not exist and cannot be created: .*read-only`));
  });

  it('when the data folder is read-only', async (context) => {
    const d = smallDiskForTest(context, 8);
    const dataDir = join(d.dir, 'casebridge');
    await storeWithLog(dataDir, 10);
    d.readOnly();
    expect(() => start(dataDir)).toThrow(new RegExp(`The data folder ${escape(dataDir)} is read-only`));
  });

  it('when another engine uses the folder: the second refuses, naming the folder and the other instance', async () => {
    const first = start();
    const dataDir = first.dataDir;
    expect(() => start(dataDir)).toThrow(
      new RegExp(`The data folder ${escape(dataDir)} is in use by another casebridge \\(process ${process.pid} on ${escape(hostname())}, started .*\\)`),
    );
    // The first engine is untouched by the refusal.
    first.engine.log.write({ level: 'info', source: 'test', message: 'still here' });
    expect(first.engine.log.recent(1)[0]!.message).toBe('still here');
    // Once it has stopped, the folder is free again.
    await first.engine.close();
    const second = start(dataDir);
    expect(second.engine.log.recent(5).map((e) => e.message)).toContain('still here');
  });

  it('when a folder inside the data folder path is a file', () => {
    const parent = folder();
    writeFileSync(join(parent, 'blocked'), 'a file where a folder should be');
    const dataDir = join(parent, 'blocked', 'casebridge');
    expect(() => start(dataDir)).toThrow(new RegExp(`The data folder ${escape(dataDir)} does not exist and cannot be created: .*is a file`));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
