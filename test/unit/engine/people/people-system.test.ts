/**
 * The people system as the hosts use it: their direct calls (not through the contract's handlers)
 * have the store's failures told in words like every call; a stop waits for a sign-in in progress
 * and takes none after it.
 */
import { describe, expect, it } from 'vitest';
import { createPeopleSystem } from '../../../../electron/engine/people/people-system';
import { createFileSecretStore, ownerOnlyFileCipher } from '../../../../electron/engine/secrets';
import { createSettingsRepo } from '../../../../electron/engine/store/settings-repo';
import { openStore } from '../../../../electron/engine/store/open-store';
import { fakeClock } from '../../../support/fake-clock';
import { makeDataDir, removeDataDir } from '../../../support/host-process';
import { LIGHT_SCRYPT } from '../../../support/people';

function peopleOnAStore(observe: (error: unknown) => unknown = (error) => error) {
  const dir = makeDataDir();
  const store = openStore(':memory:');
  const system = createPeopleSystem({
    store,
    settings: createSettingsRepo(store.db),
    secrets: createFileSecretStore(`${dir}/secrets.json`, ownerOnlyFileCipher),
    clock: fakeClock(),
    log: { write: () => undefined as never },
    storeFaults: observe,
    scrypt: LIGHT_SCRYPT,
  });
  return { store, system, dispose: () => (store.close(), removeDataDir(dir)) };
}

describe('the people system', () => {
  it('passes the store’s failures in the hosts’ own calls through the engine’s store-fault watch', async () => {
    const seen: unknown[] = [];
    const { store, system, dispose } = peopleOnAStore((error) => (seen.push(error), new Error(`in words: ${(error as Error).message}`)));
    try {
      const alex = await system.people.accounts.createFirstAdministrator({ username: 'alex', displayName: 'Alex Admin', password: 'the first admin password' });
      const { id } = system.people.sessions.start(alex, 'local');
      store.sqlite.close();
      expect(() => system.people.sessions.check(id)).toThrow('in words: The database connection is not open');
      await expect(system.people.accounts.signIn('alex', 'the first admin password')).rejects.toThrow('in words: The database connection is not open');
      expect(seen).toHaveLength(2);
    } finally {
      dispose();
    }
  });

  it('waits on close for a sign-in in progress, then takes no more', async () => {
    const { system, dispose } = peopleOnAStore();
    try {
      await system.people.accounts.createFirstAdministrator({ username: 'alex', displayName: 'Alex Admin', password: 'the first admin password' });
      const signingIn = system.people.accounts.signIn('alex', 'the first admin password');
      await system.close();
      expect(await signingIn).toMatchObject({ ok: true });
      await expect(system.people.accounts.signIn('alex', 'the first admin password')).rejects.toThrow('The engine is stopping');
    } finally {
      dispose();
    }
  });
});
