/**
 * The Tenants service over a Civica Cx emulator, as the engine builds it: the real client, the
 * customer data with its SQLite cache, on a fake clock. The customer-data and tenants-service
 * tests share it; `settings` is the object the service reads, so a test may change it in place.
 */
import { join } from 'node:path';
import { DEFAULT_CIVICA_CX_SETTINGS, type CivicaCxSettings } from '../../shared/domain/civica-cx';
import { createCivicaCxClient, type CivicaCxClient } from '../../electron/engine/connectors/civica-cx/client';
import { createCxCustomerData, type CxCustomerData } from '../../electron/engine/connectors/civica-cx/customer-data';
import { createTenantsService, type TenantsService } from '../../electron/engine/connectors/civica-cx/tenants-service';
import { createCxCacheRepo } from '../../electron/engine/store/cx-cache-repo';
import { openStore, type Store } from '../../electron/engine/store/open-store';
import { DEMO_USER, startCivicaCxEmulator, type CivicaCxEmulator } from '../emulators/civica-cx';
import { fakeClock, type FakeClock } from './fake-clock';
import { makeDataDir, removeDataDir } from './host-process';

export interface CxTenantsRig {
  emu: CivicaCxEmulator;
  clock: FakeClock;
  store: Store;
  client: CivicaCxClient;
  settings: CivicaCxSettings;
  data: CxCustomerData;
  tenants: TenantsService;
  /** What the service wrote to the log. */
  logged: { level: string; message: string }[];
  /** The person the service acts for, as the engine's acting person would say; a test may change it in place. */
  acting: { name: string };
  /** Closes the client, the store and the emulator, and removes the data folder. */
  close(): Promise<void>;
}

export async function startCxTenantsRig(): Promise<CxTenantsRig> {
  const clock = fakeClock('2026-06-15T10:00:00Z');
  const emu = await startCivicaCxEmulator({ now: () => clock.millis() });
  const dataDir = makeDataDir();
  const store = openStore(join(dataDir, 'casebridge.sqlite'));
  const client = createCivicaCxClient({ baseUrl: emu.baseUrl, ...DEMO_USER, clock, timeoutMs: 5_000 });
  const settings: CivicaCxSettings = {
    ...DEFAULT_CIVICA_CX_SETTINGS,
    enabled: true,
    baseUrl: emu.baseUrl,
    username: DEMO_USER.username,
    companyCode: 'NBH',
    refreshMinutes: 15,
  };
  const data = createCxCustomerData({ client: async () => client, settings: async () => settings, cache: createCxCacheRepo(store.db), clock });
  const logged: CxTenantsRig['logged'] = [];
  const acting = { name: 'jo.bloggs (desktop app)' };
  const tenants = createTenantsService({
    data,
    client: async () => client,
    clock,
    log: { write: (e) => (logged.push(e), undefined as never) },
    operator: () => acting.name,
  });
  return {
    emu,
    clock,
    store,
    client,
    settings,
    data,
    tenants,
    logged,
    acting,
    async close() {
      client.close();
      store.close();
      removeDataDir(dataDir);
      await emu.close();
    },
  };
}
