import { join } from 'node:path';
import type { Clock } from '../../../../electron/engine/clock';
import { ConnectorError, type ConnectorErrorInit } from '../../../../electron/engine/connectors/errors';
import { seededRandom, type Random } from '../../../../electron/engine/jobs/backoff';
import { createJobQueue, type JobQueue, type JobQueueOptions, type NewJob } from '../../../../electron/engine/jobs/queue';
import { createJobRepo } from '../../../../electron/engine/store/job-repo';
import { openStore, type Store } from '../../../../electron/engine/store/open-store';
import { templates, templateVersions } from '../../../../electron/engine/store/schema';
import { fakeClock, type FakeClock } from '../../../support/fake-clock';
import { makeDataDir, removeDataDir } from '../../../support/host-process';

export interface QueueHarness<C extends Clock = FakeClock> {
  store: Store;
  path: string;
  clock: C;
  queue: JobQueue;
  templateId: number;
  job(overrides?: Partial<NewJob>): NewJob;
  /** Closes and reopens the store (a restart); the queue is rebuilt on the new connection. */
  reopen(): void;
}

const cleanups: (() => void)[] = [];
export function cleanupHarnesses(): void {
  for (const c of cleanups.splice(0)) c();
}

/** A queue on a fresh store; on a fake clock unless the test brings another (a manual one, to hold waits). */
export function queueHarness<C extends Clock = FakeClock>(options: { random?: Random; clock?: C } & Partial<Omit<JobQueueOptions, 'repo' | 'clock'>> = {}): QueueHarness<C> {
  const dir = makeDataDir();
  const path = join(dir, 'casebridge.sqlite');
  const clock = options.clock ?? (fakeClock('2026-03-29T00:30:00Z') as Clock as C);
  const make = (store: Store) => createJobQueue({ ...options, repo: createJobRepo(store), clock, random: options.random ?? seededRandom(42) });
  const store = openStore(path);
  // Jobs pin a saved template version (a foreign key), so one must exist.
  const template = store.db
    .insert(templates)
    .values({ name: 'SR create', connector: 'tascomi', type: 'create', referenceId: null, currentVersion: 1, createdAt: clock.now().toISO()! })
    .returning()
    .get();
  store.db.insert(templateVersions).values({ templateId: template.id, version: 1, body: '{}', referenceId: 1, savedAt: clock.now().toISO()! }).run();
  const h: QueueHarness<C> = {
    store,
    path,
    clock,
    queue: make(store),
    templateId: template.id,
    job: (overrides = {}) => ({
      connector: 'tascomi',
      kind: 'create',
      caseId: 'CRM-1',
      templateId: template.id,
      templateVersion: 1,
      referenceName: 'Service Request',
      ...overrides,
    }),
    reopen() {
      h.store.close();
      h.store = openStore(path);
      h.queue = make(h.store);
    },
  };
  cleanups.push(() => {
    h.store.close();
    removeDataDir(dir);
  });
  return h;
}

export function connectorError(init: ConnectorErrorInit): ConnectorError {
  return new ConnectorError({ connector: 'tascomi', ...init });
}
