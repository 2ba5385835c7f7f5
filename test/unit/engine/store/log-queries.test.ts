/**
 * The people in the log and the log by person: the most recently active first, capped, and found
 * through the person index (so a person's entries are not looked for by reading every entry).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogQueries, type LogQueries } from '../../../../electron/engine/store/log-queries';
import { createLogRepo, type StoredLogEntry } from '../../../../electron/engine/store/log-repo';
import { openStore, type Store } from '../../../../electron/engine/store/open-store';

let store: Store;
let queries: LogQueries;
beforeEach(() => {
  store = openStore(':memory:');
  queries = createLogQueries(store.db);
});
afterEach(() => store.close());

function write(entries: { person?: string; message: string }[]): void {
  const repo = createLogRepo(store);
  let id = repo.maxId();
  repo.insertMany(entries.map((e): StoredLogEntry => ({ id: ++id, time: '2026-06-15T10:00:00.000+01:00', timeMs: 1_781_514_000_000 + id, level: 'info', source: 'jobs', ...e })));
}

describe('the log by person', () => {
  it('names the people in it, the most recently active first, at most as many as asked; the engine itself is nobody', () => {
    expect(queries.people(10)).toEqual([]);
    write([
      { person: 'Sam Patel', message: 'Job 1 retried' },
      { person: 'Alex Morgan', message: 'Settings saved' },
      { message: 'Engine started' },
      { person: 'Sam Patel', message: 'Job 2 retried' },
      { person: 'Dana Okafor', message: 'Job 3 cancelled' },
    ]);
    expect(queries.people(10)).toEqual(['Dana Okafor', 'Sam Patel', 'Alex Morgan']);
    expect(queries.people(2)).toEqual(['Dana Okafor', 'Sam Patel']);
  });

  it('filters by one person exactly, newest first, through the person index', () => {
    write([{ person: 'Sam Patel', message: 'one' }, { person: 'Sam Patelson', message: 'two' }, { message: 'three' }, { person: 'Sam Patel', message: 'four' }]);
    expect(queries.page({ person: 'Sam Patel' }, 10).map((r) => [r.message, r.person])).toEqual([
      ['four', 'Sam Patel'],
      ['one', 'Sam Patel'],
    ]);
    expect(queries.count({ person: 'Sam Patel' }, 100)).toEqual({ count: 2, capped: false });
    const plan = store.sqlite
      .prepare('explain query plan select id from log_entries where person = ? order by id desc limit 10')
      .all('Sam Patel')
      .map((row) => (row as { detail: string }).detail);
    expect(plan.join(' ')).toContain('log_entries_person');
  });
});
