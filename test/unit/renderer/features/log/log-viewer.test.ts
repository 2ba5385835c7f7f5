import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../../../shared/domain/log-entry';
import type { LogRow } from '../../../../../shared/domain/log-filter';
import { entryMatches, toLogRow } from '../../../../../renderer/src/features/log/live-filter';
import { EMPTY_WINDOW, logWindowReducer, WINDOW_CAP, type LogWindow } from '../../../../../renderer/src/features/log/log-window';

const entry = (id: number, more: Partial<LogEntry> = {}): LogEntry => ({ id, time: '2026-06-15T10:00:00+01:00', level: 'info', source: 'jobs', message: `Entry ${id}`, ...more });
const row = (id: number): LogRow => toLogRow(entry(id));
const rows = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => row(from - i)); // newest first

describe('live entries against the filter', () => {
  it('combine every part of the filter', () => {
    const e = entry(1, { level: 'warn', source: 'tascomi', outcome: 'will_retry', caseId: 'CAS-1', jobId: 7, person: 'Sam Patel' });
    expect(entryMatches(e, {})).toBe(true);
    expect(entryMatches(e, { levels: ['warn', 'error'], sources: ['tascomi'], outcomes: ['will_retry'], caseId: 'CAS-1', jobId: 7, person: 'Sam Patel' })).toBe(true);
    expect(entryMatches(e, { person: 'Sam' })).toBe(false); // exact, as the engine filters
    expect(entryMatches(entry(3), { person: 'Sam Patel' })).toBe(false); // the engine's own entry names nobody
    expect(entryMatches(e, { levels: ['error'] })).toBe(false);
    expect(entryMatches(e, { outcomes: ['dead'] })).toBe(false);
    expect(entryMatches(entry(2), { outcomes: ['dead'] })).toBe(false); // no outcome at all
    expect(entryMatches(e, { jobId: 8 })).toBe(false);
    // Times compare as instants, whatever their offsets: 10:00+01:00 is 09:00Z.
    expect(entryMatches(e, { from: '2026-06-15T08:30:00Z', to: '2026-06-15T09:00:00Z' })).toBe(true);
    expect(entryMatches(e, { from: '2026-06-15T09:30:00Z' })).toBe(false);
    expect(entryMatches(e, { to: '2026-06-15T09:59:00+01:00' })).toBe(false);
  });

  it('find words as the full-text search does: whole words, any case and accents, the last also a prefix', () => {
    const e = entry(1, { message: 'Job 12 failed [timeout]: Tascomi took too long; Café closed.' });
    expect(entryMatches(e, { text: 'TASCOMI timeout' })).toBe(true);
    expect(entryMatches(e, { text: 'cafe' })).toBe(true);
    expect(entryMatches(e, { text: 'tasc' })).toBe(true); // last word as a prefix
    expect(entryMatches(e, { text: 'tasc ' })).toBe(false); // a finished word must be whole
    expect(entryMatches(e, { text: 'asco' })).toBe(false);
    expect(entryMatches(e, { text: 'tascomi refused' })).toBe(false);
  });

  it('never carry a request or answer into the list', () => {
    expect(toLogRow(entry(3, { request: 'POST /complaints', response: '422' }))).toEqual({ ...entry(3), hasExchange: true });
    expect(toLogRow(entry(4)).hasExchange).toBe(false);
  });
});

describe('the rows held in memory', () => {
  const loaded = (from: number, to: number, hasMore = true): LogWindow => logWindowReducer(EMPTY_WINDOW, { type: 'loaded', rows: rows(from, to), hasMore });

  it('following, put live rows on top once each, and let the oldest go past the cap', () => {
    let w = loaded(100, 1, false);
    w = logWindowReducer(w, { type: 'live', rows: [row(100), row(101), row(102)] }); // 100 came with the page
    expect(w.rows.slice(0, 3).map((r) => r.id)).toEqual([102, 101, 100]);
    expect(w.hasMore).toBe(false);
    w = logWindowReducer(w, { type: 'live', rows: rows(WINDOW_CAP + 102, 103) });
    expect(w.rows).toHaveLength(WINDOW_CAP);
    expect(w.rows[0]!.id).toBe(WINDOW_CAP + 102);
    expect(w.hasMore).toBe(true); // the oldest can be paged in again
  });

  it('paused, hold live rows aside and count them; resuming puts them on top', () => {
    let w = logWindowReducer(loaded(100, 1), { type: 'pause' });
    w = logWindowReducer(w, { type: 'live', rows: [row(101), row(102)] });
    expect(w.rows[0]!.id).toBe(100);
    expect(w.waitingCount).toBe(2);
    w = logWindowReducer(w, { type: 'resume' });
    expect(w).toMatchObject({ following: true, waitingCount: 0, waiting: [] });
    expect(w.rows[0]!.id).toBe(102);
  });

  it('paging far back lets the newest go, so memory stays flat, and then resuming needs a reload', () => {
    let w = loaded(10_000, 9_501);
    for (let top = 9_500; top > 9_500 - WINDOW_CAP; top -= 500) w = logWindowReducer(w, { type: 'older', rows: rows(top, top - 499), hasMore: true });
    expect(w.rows).toHaveLength(WINDOW_CAP);
    expect(w).toMatchObject({ newerDropped: true, following: false, droppedTop: 500 });
    expect(w.rows[0]!.id).toBe(10_000 - 500);
    const after = logWindowReducer(w, { type: 'resume' });
    expect(after).toBe(w); // cannot catch up in place: the hook reloads instead
  });
});
