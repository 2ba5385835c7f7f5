/** The machine policy in a real engine, through the contract as a console calls it (dispatchCall). */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName } from '../../../../shared/contract';
import { dispatchCall } from '../../../../shared/dispatch';
import { DEFAULT_INTAKE_SETTINGS } from '../../../../shared/domain/intake';
import { loadMachinePolicy, type MachinePolicy } from '../../../../electron/engine/policy/policy-file';
import { AT_THE_DESK } from '../../../support/caller';
import { startTestEngine, type TestEngine } from '../../../support/engine';

const FILE = '/srv/casebridge/policy.json';
const policyFrom = (text: string): MachinePolicy => loadMachinePolicy({ platform: 'linux', env: { CASEBRIDGE_POLICY_FILE: FILE } }, () => text);

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});
const call = (name: CallName, input?: unknown) => dispatchCall(t!.engine.handlers, name, input, AT_THE_DESK);
const value = async (name: CallName, input?: unknown): Promise<any> => {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value;
};

describe('a policy in the engine', () => {
  const POLICY = JSON.stringify({
    version: 1,
    locked: { tascomi: { baseUrl: 'https://council.idoxcloud.com' }, intake: { port: 8711 }, logRetention: { keepDays: 30 } },
    presets: { caseRetention: { days: 45 }, backups: { keep: 21 } },
  });

  it('refuses a change to a locked field through the contract, and saves an unlocked one', async () => {
    t = startTestEngine({ policy: policyFrom(POLICY), listen: false });
    const refused = await call('saveLogSettings', { keepDays: 90, keepEntries: 2_000_000 });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message: `How long log entries are kept is set by your organisation's policy (${FILE}) and cannot be changed here.`,
        issues: [{ path: 'keepDays', message: expect.stringContaining('cannot be changed here') as string }],
      },
    });
    expect(await value('getLogSettings')).toEqual({ keepDays: 30, keepEntries: 2_000_000 });
    // The unlocked field of the same settings saves, as long as the locked one keeps its value.
    expect(await value('saveLogSettings', { keepDays: 30, keepEntries: 500_000 })).toEqual({ keepDays: 30, keepEntries: 500_000 });
    expect(await value('getLogSettings')).toEqual({ keepDays: 30, keepEntries: 500_000 });
    // An unlocked setting saves as ever.
    expect(await value('saveCaseRetention', { days: 200 })).toEqual({ days: 200 });
  });

  it('reads locked fields as the policy says and presets where nothing was saved', async () => {
    t = startTestEngine({ policy: policyFrom(POLICY), listen: false });
    expect((await value('getTascomiSettings')).baseUrl).toBe('https://council.idoxcloud.com');
    expect((await value('getIntakeSettings')).port).toBe(8711);
    expect(await value('getCaseRetention')).toEqual({ days: 45 });
    expect((await value('getBackupSettings')).keep).toBe(21);
    const intake = await call('saveIntakeSettings', { ...DEFAULT_INTAKE_SETTINGS, port: 9999 });
    expect(intake).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/^The case intake port is set by your organisation's policy/) as string },
    });
  });

  it('tells the console what is locked and preset, and says so in the log', async () => {
    t = startTestEngine({ policy: policyFrom(POLICY), listen: false });
    expect(await value('getPolicy')).toEqual({
      state: 'applied',
      file: FILE,
      locked: ['tascomi.baseUrl', 'intake.port', 'logRetention.keepDays'],
      presets: ['caseRetention.days', 'backups.keep'],
    });
    t.engine.log.flush();
    const page = await value('queryLog', { filter: { text: 'Machine policy applied' }, limit: 10 });
    expect(page.rows[0].message).toContain(
      `Machine policy applied from ${FILE}: locks tascomi.baseUrl, intake.port, logRetention.keepDays; presets caseRetention.days, backups.keep.`,
    );
  });

  it("takes no locked field from an imported configuration: the dry run says the policy keeps it, and a second import is all 'left alone'", async () => {
    t = startTestEngine({ policy: policyFrom(POLICY), listen: false });
    const { content } = await value('exportConfiguration');
    const file = JSON.parse(content);
    // From the test instance: another port (which the policy locks here) and another tolerance.
    file.intake = { ...file.intake, port: 9100, toleranceSeconds: 120 };
    const changed = JSON.stringify(file);
    const preview = await value('previewConfigurationImport', { content: changed });
    const intake = preview.items.find((item: { kind: string }) => item.kind === 'intake settings');
    expect(intake).toMatchObject({ action: 'change' });
    expect(intake.summary).toBe("timestamp tolerance (s) 300 → 120, port stays 8711: set by your organisation's policy");
    await value('applyConfigurationImport', { content: changed, fingerprint: preview.fingerprint });
    expect(await value('getIntakeSettings')).toMatchObject({ port: 8711, toleranceSeconds: 120 });
    const again = await value('previewConfigurationImport', { content: changed });
    expect(again.items.find((item: { kind: string }) => item.kind === 'intake settings')).toMatchObject({
      action: 'leave',
      summary: "port stays 8711: set by your organisation's policy",
    });
  });

  it('applies none of a refused file: a health alarm and the log name the file, the field and the reason', async () => {
    const broken = JSON.stringify({ version: 1, locked: { logRetention: { keepDays: 30 }, intake: { port: 70000 } } });
    t = startTestEngine({ policy: policyFrom(broken), listen: false });
    const alarms = await value('getHealth');
    expect(alarms).toEqual([expect.objectContaining({ id: 'policy-refused', level: 'warning' })]);
    expect(alarms[0].message).toMatch(new RegExp(`^The machine policy file ${FILE} was refused, so no policy is applied .*locked\\.intake\\.port: `));
    expect(await value('getPolicy')).toMatchObject({ state: 'refused', file: FILE, problems: [{ path: 'locked.intake.port' }] });
    // Never half a policy: the good lock in the same file is not applied.
    expect(await value('saveLogSettings', { keepDays: 90, keepEntries: 2_000_000 })).toEqual({ keepDays: 90, keepEntries: 2_000_000 });
    t.engine.log.flush();
    const page = await value('queryLog', { filter: { text: 'was refused' }, limit: 10 });
    expect(page.rows[0]).toMatchObject({ level: 'warn' });
  });

  it('without a policy, changes nothing and says there is none', async () => {
    t = startTestEngine({ listen: false });
    expect(await value('getPolicy')).toEqual({ state: 'none', file: '' });
    expect(await value('saveLogSettings', { keepDays: 12, keepEntries: 10_000 })).toEqual({ keepDays: 12, keepEntries: 10_000 });
  });
});
