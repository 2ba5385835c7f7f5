import { describe, expect, it } from 'vitest';
import { appInfoOf } from '../../../electron/engine/app-info';
import { fakeClock } from '../../support/fake-clock';

const store = { path: '/data/casebridge.sqlite', schema: { version: 12, tag: '0011_jobs' }, sqliteVersion: '3.46.0' };
const engine = { version: '1.2.3', host: 'headless' as const, dataDir: '/data' };

describe('appInfoOf', () => {
  it('says nothing of demo mode for a real engine', () => {
    const info = appInfoOf(engine, store, fakeClock())();
    expect(info).toMatchObject({ version: '1.2.3', host: 'headless', dataDir: '/data', databasePath: '/data/casebridge.sqlite', schemaVersion: 12 });
    expect(info).not.toHaveProperty('demo');
  });

  it('names the Tascomi emulator a demo engine works against, and nothing else of its options', () => {
    const demo = { tascomiUrl: 'http://127.0.0.1:45531/rest', privateKey: 'never shown' } as { tascomiUrl: string };
    const info = appInfoOf({ ...engine, demo }, store, fakeClock())();
    expect(info.demo).toEqual({ tascomiUrl: 'http://127.0.0.1:45531/rest' });
  });
});
