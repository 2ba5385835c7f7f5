import { join } from 'node:path';
import type { AlertMessage } from '../../../../shared/domain/alerts';
import type { LogEntry, NewLogEntry } from '../../../../shared/domain/log-entry';
import { createAlertDeliveryQueue, type AlertDelivery, type AlertDeliveryQueue, type NewAlertDelivery } from '../../../../electron/engine/alerts/delivery-queue';
import type { Clock } from '../../../../electron/engine/clock';
import { seededRandom, type Random } from '../../../../electron/engine/jobs/backoff';
import { openStore, type Store } from '../../../../electron/engine/store/open-store';
import { fakeClock, type FakeClock } from '../../../support/fake-clock';
import { testDataDirs } from '../../../support/host-process';

const dirs = testDataDirs();
const stores: Store[] = [];
/** afterEach: closes every store the test opened and removes its data folder. */
export function cleanupDeliveryHarnesses(): void {
  for (const store of stores.splice(0)) store.close();
  dirs.removeAll();
}

export interface DeliveryHarness<C extends Clock = FakeClock> {
  store: Store;
  path: string;
  clock: C;
  queue: AlertDeliveryQueue;
  /** Every row onChange heard, in order. */
  heard: AlertDelivery[];
  /** Closes and reopens the store (a restart); the queue is rebuilt on the new connection. */
  reopen(): void;
  /** Another connection to the same file, with its own queue (a second process or worker). */
  second(): { store: Store; queue: AlertDeliveryQueue };
}

/** A delivery queue on a fresh store file, on a fake clock (a summer morning in London) unless given one. */
export function deliveryHarness<C extends Clock = FakeClock>(options: { clock?: C; random?: Random } = {}): DeliveryHarness<C> {
  const path = join(dirs.make(), 'casebridge.sqlite');
  const clock = options.clock ?? (fakeClock('2026-06-15T09:00:00Z') as Clock as C);
  const heard: AlertDelivery[] = [];
  const open = () => {
    const store = openStore(path);
    stores.push(store);
    return store;
  };
  const make = (store: Store) => createAlertDeliveryQueue({ store, clock, random: options.random ?? seededRandom(42), onChange: (d) => heard.push(d) });
  const store = open();
  const h: DeliveryHarness<C> = {
    store,
    path,
    clock,
    queue: make(store),
    heard,
    reopen() {
      h.store.close();
      h.store = open();
      h.queue = make(h.store);
    },
    second() {
      const other = open();
      return { store: other, queue: createAlertDeliveryQueue({ store: other, clock, random: seededRandom(7) }) };
    },
  };
  return h;
}

/** A message as the alert engine builds it: counts and classes, no personal data. */
export function alertMessage(overrides: Partial<AlertMessage> = {}): AlertMessage {
  return {
    condition: 'job-dead',
    kind: 'alert',
    connector: 'tascomi',
    title: 'casebridge: 3 Tascomi jobs died',
    summary: 'Three Tascomi jobs used every attempt and will not be tried again.',
    facts: [{ label: 'validation', value: '3' }],
    instruction: 'Open the Jobs page and filter by Dead and Tascomi.',
    source: 'CB-WS01',
    firstAt: '2026-06-15T09:58:00.000+01:00',
    lastAt: '2026-06-15T10:00:00.000+01:00',
    ...overrides,
  };
}

export const OPS_EMAIL = '0b6d2c1e-6a57-4d2b-9a3e-2f1c7a9d4e01';
export const TEAMS = '5f0e8d2a-3c4b-4e1f-8a7d-6b9c0e2f1a33';

export function delivery(overrides: Partial<NewAlertDelivery> = {}): NewAlertDelivery {
  return { channelId: OPS_EMAIL, channelName: 'Ops email', message: alertMessage(), ...overrides };
}

/** What send-failure.ts's AlertSendError looks like to the queue: a class and whether a retry can help. */
export class FakeSendError extends Error {
  constructor(
    message: string,
    readonly errorClass: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** A log that keeps what it is given. */
export function memoryLog(): { write(entry: NewLogEntry): LogEntry; entries: NewLogEntry[]; messages(): string[] } {
  const entries: NewLogEntry[] = [];
  return {
    entries,
    write(entry) {
      entries.push(entry);
      return { ...entry, id: entries.length, time: '2026-06-15T10:00:00.000+01:00' };
    },
    messages: () => entries.map((e) => e.message),
  };
}
