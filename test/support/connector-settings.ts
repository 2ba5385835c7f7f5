/** The settings that connect an engine to the emulators, as an IT officer would save them on the Connections page. */
import { DEMO_USER, type CivicaCxEmulator } from '../emulators/civica-cx';
import { DEMO_KEYS, type TascomiEmulator } from '../emulators/tascomi';
import { DEFAULT_RATE_LIMIT } from '../../shared/domain/rate-limit';

/**
 * saveTascomiSettings' input for the Tascomi emulator, London time: its own keys when it has them
 * (an emulator process started with a key pair), else the demo keys.
 */
export const tascomiSettingsFor = (emulator: Pick<TascomiEmulator, 'baseUrl'> & { publicKey?: string; privateKey?: string }) => ({
  enabled: true,
  baseUrl: emulator.baseUrl,
  publicKey: emulator.publicKey ?? DEMO_KEYS.publicKey,
  privateKey: emulator.privateKey ?? DEMO_KEYS.privateKey,
  timeZone: 'Europe/London',
  streetRecordText: 'STREET RECORD',
  codeListTtlSeconds: 600,
  rateLimit: DEFAULT_RATE_LIMIT,
});

/** saveCivicaCxSettings' input for the Civica Cx emulator: its demo user and company, cancellation allowed at no notice. */
export const civicaCxSettingsFor = (emulator: Pick<CivicaCxEmulator, 'baseUrl' | 'demo'>) => ({
  enabled: true,
  baseUrl: emulator.baseUrl,
  ...DEMO_USER,
  companyCode: emulator.demo!.companyCode,
  repairsStartDate: '',
  repairCancellation: true,
  cancellationNoticeDays: 0,
  refreshMinutes: 15,
  rateLimit: DEFAULT_RATE_LIMIT,
});
