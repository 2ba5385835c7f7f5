/**
 * The Jobs page's pure rules: live job changes land where a person expects, countdowns read right,
 * and the bulk retry warns about validation failures that would fail again.
 */
import { describe, expect, it } from 'vitest';
import type { JobFilter, JobView } from '../../../../../shared/domain/job';
import { jobRetryWarning, validationWarning } from '../../../../../renderer/src/features/jobs/bulk-retry-warning';
import { describeCountdown, formatCountdown } from '../../../../../renderer/src/features/jobs/countdown';
import { filterStateOf, jobMatches, retryableFilter } from '../../../../../renderer/src/features/jobs/job-filter';
import { MAX_LIVE_ROWS, mergeJobChanges } from '../../../../../renderer/src/features/jobs/job-list-merge';
import { summariseOutcomes } from '../../../../../renderer/src/features/jobs/outcome-summary';

const job = (id: number, over: Partial<JobView> = {}): JobView => ({
  id,
  connector: 'tascomi',
  kind: 'create',
  caseId: `CASE-${id}`,
  templateId: 1,
  templateName: 'Fly-tipping create',
  templateVersion: 1,
  referenceName: 'SR number',
  state: 'queued',
  attempts: 0,
  maxAttempts: 10,
  attemptsAddedByHand: 0,
  outcomeUnknown: false,
  createdAt: '2026-11-23T10:00:00.000+00:00',
  updatedAt: `2026-11-23T10:00:${String(id % 60).padStart(2, '0')}.000+00:00`,
  ...over,
});

describe('which jobs match a filter (live events)', () => {
  it('tells a retrying job (queued after an attempt) from one not tried yet', () => {
    expect(filterStateOf({ state: 'queued', attempts: 0 })).toBe('queued');
    expect(filterStateOf({ state: 'queued', attempts: 2 })).toBe('retrying');
    expect(jobMatches(job(1, { attempts: 1 }), { states: ['retrying'] })).toBe(true);
    expect(jobMatches(job(1, { attempts: 1 }), { states: ['queued'] })).toBe(false);
  });

  it('a cancelled job is cancelled, not failed, and a bulk retry of failed and dead jobs leaves it', () => {
    const cancelled = job(2, { state: 'cancelled', attempts: 1, cancelledBy: 'Dana', lastErrorClass: 'validation' });
    expect(filterStateOf(cancelled)).toBe('cancelled');
    expect(jobMatches(cancelled, { states: ['cancelled'] })).toBe(true);
    expect(jobMatches(cancelled, { states: ['failed', 'dead'] })).toBe(false);
    expect(retryableFilter({ states: ['cancelled'] })).toBeNull();
  });

  it('combines case, template, error class and words in the last error (any case)', () => {
    const failed = job(3, { state: 'failed', lastError: 'Tascomi answered HTTP 502 Bad Gateway', lastErrorClass: 'remote' });
    expect(jobMatches(failed, { caseId: 'CASE-3', templateId: 1, errorClasses: ['remote'], text: 'bad gateway' })).toBe(true);
    expect(jobMatches(failed, { text: 'timeout' })).toBe(false);
    expect(jobMatches(failed, { errorClasses: ['validation'] })).toBe(false);
    expect(jobMatches(job(4), { errorClasses: ['remote'] })).toBe(false); // no error yet
    expect(jobMatches(failed, { templateId: 2 })).toBe(false);
  });

  it('a bulk retry counts only failed and dead jobs of the filter', () => {
    expect(retryableFilter({ caseId: 'X' })).toEqual({ caseId: 'X', states: ['failed', 'dead'] });
    expect(retryableFilter({ states: ['dead', 'queued'] })).toEqual({ states: ['dead'] });
    expect(retryableFilter({ states: ['succeeded'] })).toBeNull();
  });
});

describe('live changes to the loaded list', () => {
  const deadOnly: JobFilter = { states: ['dead'] };

  it('updates a shown job in place, even when it no longer matches, so it does not vanish mid-look', () => {
    const loaded = { rows: [job(3, { state: 'dead', attempts: 1 }), job(2, { state: 'dead', attempts: 1 })], hasMore: false };
    const requeued = job(3, { state: 'queued', attempts: 1, updatedAt: '2026-11-23T11:00:00.000+00:00' });
    const merged = mergeJobChanges(loaded, [requeued], deadOnly);
    expect(merged.rows.map((r) => [r.id, r.state])).toEqual([
      [3, 'queued'],
      [2, 'dead'],
    ]);
  });

  it('inserts a new matching job at the top and ignores one that does not match', () => {
    const loaded = { rows: [job(5, { state: 'dead' })], hasMore: false };
    const merged = mergeJobChanges(loaded, [job(9, { state: 'dead' }), job(8, { state: 'queued' })], deadOnly);
    expect(merged.rows.map((r) => r.id)).toEqual([9, 5]);
  });

  it('inserts an older job that now matches only inside the loaded part', () => {
    const loaded = { rows: [job(50, { state: 'dead' }), job(40, { state: 'dead' })], hasMore: true };
    const merged = mergeJobChanges(loaded, [job(45, { state: 'dead' }), job(12, { state: 'dead' })], deadOnly);
    expect(merged.rows.map((r) => r.id)).toEqual([50, 45, 40]); // 12 comes with Load more
  });

  it('inserts a job that matched during the batch even if it changed again before the list caught up', () => {
    const loaded = { rows: [job(3, { state: 'dead' })], hasMore: false };
    const died = job(5, { state: 'dead', attempts: 1, updatedAt: '2026-11-23T12:00:01.000+00:00' });
    const retried = job(5, { state: 'queued', attempts: 1, updatedAt: '2026-11-23T12:00:01.300+00:00' });
    expect(mergeJobChanges(loaded, [died, retried], deadOnly).rows.map((r) => [r.id, r.state])).toEqual([
      [5, 'queued'],
      [3, 'dead'],
    ]);
  });

  it('lets the oldest rows go (to Load more) rather than grow without end through a burst', () => {
    const loaded = { rows: Array.from({ length: MAX_LIVE_ROWS }, (_, i) => job(MAX_LIVE_ROWS - i)), hasMore: false };
    const merged = mergeJobChanges(loaded, [job(MAX_LIVE_ROWS + 1), job(MAX_LIVE_ROWS + 2)], {});
    expect(merged.rows).toHaveLength(MAX_LIVE_ROWS);
    expect(merged.rows[0]!.id).toBe(MAX_LIVE_ROWS + 2);
    expect(merged.rows.at(-1)!.id).toBe(3);
    expect(merged.hasMore).toBe(true);
  });

  it('never lets an older event overwrite what the engine answered later', () => {
    const loaded = { rows: [job(7, { state: 'succeeded', updatedAt: '2026-11-23T12:00:00.000+00:00' })], hasMore: false };
    const stale = job(7, { state: 'running', updatedAt: '2026-11-23T11:59:59.000+00:00' });
    expect(mergeJobChanges(loaded, [stale], {})).toBe(loaded);
  });

  it('takes the last of several events for one job', () => {
    const loaded = { rows: [], hasMore: false };
    const running = job(4, { state: 'running', updatedAt: '2026-11-23T12:00:01.000+00:00' });
    const done = job(4, { state: 'succeeded', updatedAt: '2026-11-23T12:00:02.000+00:00' });
    expect(mergeJobChanges(loaded, [done, running], {}).rows.map((r) => r.state)).toEqual(['succeeded']);
  });
});

describe('countdowns', () => {
  it('reads minutes and seconds, hours when needed, rounding seconds up', () => {
    expect(formatCountdown(42_000)).toBe('0:42');
    expect(formatCountdown(41_001)).toBe('0:42');
    expect(formatCountdown(725_000)).toBe('12:05');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
    expect(formatCountdown(0)).toBeNull();
    expect(formatCountdown(-5)).toBeNull();
  });

  it('says "due now" once the time has passed', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(describeCountdown('2026-11-23T10:00:42.000+00:00', now)).toBe('in 0:42');
    expect(describeCountdown('2026-11-23T11:00:42.000+01:00', now)).toBe('in 0:42'); // any offset
    expect(describeCountdown('2026-11-23T09:59:00.000+00:00', now)).toBe('due now');
    expect(describeCountdown(undefined, now)).toBeNull();
  });
});

describe('bulk retry warning', () => {
  it('warns only when some failed validation, saying how many will fail again', () => {
    expect(validationWarning({ count: 5, validation: 0, validationUnchanged: 0 })).toBeNull();
    expect(validationWarning({ count: 5, validation: 3, validationUnchanged: 2 })).toBe(
      '3 of them failed validation; 2 have neither a new template version nor a changed case, so they will fail again unless the template or the case is changed first.',
    );
    expect(validationWarning({ count: 5, validation: 1, validationUnchanged: 1 })).toContain('1 has neither');
  });
});

describe('single retry warning', () => {
  it('warns before retrying a job whose last failure was a validation failure, and only then', () => {
    expect(jobRetryWarning(job(9, { state: 'failed', lastErrorClass: 'validation' }))).toBe(
      'Job 9 last failed validation: the back-office system refused what was sent. It will fail again unless the template or the case has been changed since.',
    );
    expect(jobRetryWarning(job(9, { state: 'cancelled', lastErrorClass: 'validation' }))).toContain('will fail again');
    expect(jobRetryWarning(job(9, { state: 'dead', lastErrorClass: 'remote' }))).toBeNull();
    expect(jobRetryWarning(job(9, { state: 'failed' }))).toBeNull();
  });
});

describe('outcomes summary', () => {
  const labels = { succeeded: 'succeeded', will_retry: 'will retry', failed: 'failed', dead: 'dead' };
  const hour = (h: number, over: Partial<Record<'succeeded' | 'will_retry' | 'failed' | 'dead', number>> = {}) => ({
    hour: `2026-11-23T${String(h).padStart(2, '0')}:00:00.000+00:00`,
    succeeded: 0,
    will_retry: 0,
    failed: 0,
    dead: 0,
    ...over,
  });

  it('names the totals and the hour with the most failures', () => {
    const text = summariseOutcomes([hour(9, { succeeded: 4 }), hour(10, { succeeded: 1, will_retry: 6, dead: 2 }), hour(11, { failed: 1 })], labels);
    expect(text).toBe('Attempts in the last 3 hours: 5 succeeded, 6 will retry, 1 failed, 2 dead. Most failures in the hour from 10:00: 8 (6 to retry, 0 failed, 2 dead).');
  });

  it('says when there were none', () => {
    expect(summariseOutcomes([hour(9), hour(10)], labels)).toBe('No attempts in the last 2 hours.');
  });
});
