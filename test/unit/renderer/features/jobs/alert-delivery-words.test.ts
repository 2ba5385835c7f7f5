/** How an alert delivery reads on the Jobs page, and how live changes reach the list. */
import { describe, expect, it } from 'vitest';
import type { AlertDeliveryView } from '../../../../../shared/domain/alerts';
import { attemptsText, canRetryDelivery, deliveryWhen, mergeDelivery } from '../../../../../renderer/src/features/jobs/alert-delivery-words';

const delivery = (id: number, patch: Partial<AlertDeliveryView> = {}): AlertDeliveryView => ({
  id,
  channelId: '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b',
  channelName: 'Support email',
  condition: 'job-dead',
  title: 'casebridge: 3 Tascomi jobs died',
  state: 'queued',
  attempts: 0,
  maxAttempts: 8,
  createdAt: '2026-12-05T10:00:00.000Z',
  updatedAt: '2026-12-05T10:00:00.000Z',
  ...patch,
});

describe('delivery words', () => {
  it('says attempts as "2 of 8"', () => {
    expect(attemptsText(delivery(1, { attempts: 2 }))).toBe('2 of 8');
  });

  it('offers Retry on a dead or cancelled delivery only', () => {
    expect(['queued', 'running', 'sent', 'dead', 'cancelled'].filter((state) => canRetryDelivery({ state: state as AlertDeliveryView['state'] }))).toEqual(['dead', 'cancelled']);
  });

  it("says when it was sent or is tried next in the engine's zone, and a dash otherwise", () => {
    // 1 July: London is on summer time, an hour ahead of UTC.
    expect(deliveryWhen(delivery(1, { state: 'sent', sentAt: '2026-07-01T09:15:02.000Z' }))).toBe('Sent 2026-07-01 10:15:02');
    expect(deliveryWhen(delivery(1, { state: 'queued', nextRunAt: '2026-12-05T10:05:00.000Z' }))).toBe('Next try 2026-12-05 10:05:00');
    expect(deliveryWhen(delivery(1, { state: 'dead', nextRunAt: '2026-12-05T10:05:00.000Z' }))).toBe('—');
  });
});

describe('mergeDelivery', () => {
  it('adds a new delivery at the top and replaces a changed one where it is', () => {
    const list = [delivery(2), delivery(1)];
    expect(mergeDelivery(list, delivery(3)).map((d) => d.id)).toEqual([3, 2, 1]);
    const dead = delivery(1, { state: 'dead', attempts: 8, updatedAt: '2026-12-05T11:00:00.000Z' });
    expect(mergeDelivery(list, dead)).toEqual([delivery(2), dead]);
  });

  it('keeps a newer change than one that arrives late (a Retry answer, then the event from before it)', () => {
    const retried = delivery(1, { state: 'queued', attempts: 8, maxAttempts: 16, updatedAt: '2026-12-05T11:00:05.000Z' });
    const earlierDead = delivery(1, { state: 'dead', attempts: 8, updatedAt: '2026-12-05T11:00:00.000Z' });
    expect(mergeDelivery([retried], earlierDead)).toEqual([retried]);
  });

  it('keeps only the newest ones up to the limit', () => {
    const list = [delivery(3), delivery(2)];
    expect(mergeDelivery(list, delivery(1), 2).map((d) => d.id)).toEqual([3, 2]);
    expect(mergeDelivery(list, delivery(4), 2).map((d) => d.id)).toEqual([4, 3]);
  });
});
