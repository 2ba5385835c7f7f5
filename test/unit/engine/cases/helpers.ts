import { join } from 'node:path';
import type { CaseInput } from '../../../../shared/domain/case';
import { createCaseStore, type CaseStore } from '../../../../electron/engine/cases/case-store';
import { createCaseRepo } from '../../../../electron/engine/store/case-repo';
import { openStore, type Store } from '../../../../electron/engine/store/open-store';
import { templates, templateVersions } from '../../../../electron/engine/store/schema';
import { fakeClock, type FakeClock } from '../../../support/fake-clock';
import { makeDataDir, removeDataDir } from '../../../support/host-process';

export interface CaseHarness {
  store: Store;
  path: string;
  clock: FakeClock;
  cases: CaseStore;
  /** Inserts a template row of this kind and returns its id. */
  template(type: 'create' | 'update' | 'incoming', name?: string): number;
  /** Closes and reopens the store (a restart), rebuilding the case store on the new connection. */
  reopen(): void;
}

const cleanups: (() => void)[] = [];
export function cleanupHarnesses(): void {
  for (const c of cleanups.splice(0)) c();
}

export function caseHarness(): CaseHarness {
  const dir = makeDataDir();
  const path = join(dir, 'casebridge.sqlite');
  const clock = fakeClock('2026-03-29T00:30:00Z');
  const h: CaseHarness = {
    store: openStore(path),
    path,
    clock,
    cases: undefined as unknown as CaseStore,
    template(type, name = `T ${type} ${Math.random()}`) {
      const now = clock.now().toISO()!;
      const t = h.store.db.insert(templates).values({ name, connector: 'tascomi', type, referenceId: null, currentVersion: 1, createdAt: now }).returning().get();
      h.store.db.insert(templateVersions).values({ templateId: t.id, version: 1, body: '{}', referenceId: 1, savedAt: now }).run();
      return t.id;
    },
    reopen() {
      h.store.close();
      h.store = openStore(path);
      h.cases = createCaseStore({ repo: createCaseRepo(h.store), clock });
    },
  };
  h.cases = createCaseStore({ repo: createCaseRepo(h.store), clock });
  cleanups.push(() => {
    h.store.close();
    removeDataDir(dir);
  });
  return h;
}

export function sampleCase(overrides: Partial<CaseInput> = {}): CaseInput {
  return {
    id: 'CRM-1001',
    type: 'Noise complaint',
    status: 'open',
    fields: { description: 'Loud music every night', priority: 2, urgent: true },
    dates: { reported: '2026-03-29T09:15:00+01:00' },
    people: [{ role: 'complainant', forename: 'Ada', surname: 'Lovelace', email: 'ada@example.org' }],
    addresses: [{ role: 'location', uprn: '100023336956', lines: ['1 High Street'], postcode: 'AB1 2CD' }],
    ...overrides,
  };
}
