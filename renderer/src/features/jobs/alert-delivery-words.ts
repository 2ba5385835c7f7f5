/**
 * How the alert deliveries read on the Jobs page and how live changes reach the list. Pure:
 * test/unit/renderer/features/jobs/alert-delivery-words.test.ts.
 */
import type { AlertDeliveryState, AlertDeliveryView } from '../../../../shared/domain/alerts';
import { formatLogTime } from '../../ui/time-format';

/** As many as the list asks for; the newest first. */
export const DELIVERY_LIST_LIMIT = 100;

export const DELIVERY_STATE_COLOURS: Readonly<Record<AlertDeliveryState, string>> = { queued: 'gray', running: 'blue', sent: 'green', dead: 'red', cancelled: 'gray' };

/** A dead or cancelled delivery can be sent again by hand; the others are on their way or done. */
export const canRetryDelivery = (delivery: Pick<AlertDeliveryView, 'state'>): boolean => delivery.state === 'dead' || delivery.state === 'cancelled';

/** "2 of 8". */
export const attemptsText = (delivery: Pick<AlertDeliveryView, 'attempts' | 'maxAttempts'>): string => `${delivery.attempts} of ${delivery.maxAttempts}`;

/** When it went, or when it is tried next; a dash when neither applies (dead, cancelled, running). */
export function deliveryWhen(delivery: Pick<AlertDeliveryView, 'state' | 'sentAt' | 'nextRunAt'>): string {
  if (delivery.state === 'sent' && delivery.sentAt) return `Sent ${formatLogTime(delivery.sentAt)}`;
  if (delivery.state === 'queued' && delivery.nextRunAt) return `Next try ${formatLogTime(delivery.nextRunAt)}`;
  return '—';
}

/**
 * A delivery the engine announced or answered, into the list: replaced where it is, else added;
 * newest (highest id) first. An event can arrive after the answer it preceded (Retry's answer, then
 * the queued event of before), so an older change than the one shown is dropped.
 */
export function mergeDelivery(list: readonly AlertDeliveryView[], delivery: AlertDeliveryView, limit = DELIVERY_LIST_LIMIT): AlertDeliveryView[] {
  const shown = list.find((d) => d.id === delivery.id);
  if (shown && Date.parse(shown.updatedAt) > Date.parse(delivery.updatedAt)) return [...list];
  const others = list.filter((d) => d.id !== delivery.id);
  return [...others, delivery].sort((a, b) => b.id - a.id).slice(0, limit);
}
