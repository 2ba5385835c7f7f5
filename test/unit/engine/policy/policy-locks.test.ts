import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../../../shared/contract';
import { CallRefusedError } from '../../../../shared/dispatch';
import { DEFAULT_INTAKE_SETTINGS } from '../../../../shared/domain/intake';
import { PolicyFileSchema, POLICY_FIELDS, type PolicyFile } from '../../../../shared/domain/policy';
import { LOCK_TABLE, refuseLockedChanges, withPolicy } from '../../../../electron/engine/policy/policy-locks';
import type { SettingsRepo } from '../../../../electron/engine/store/settings-repo';

const policyOf = (file: object): PolicyFile => PolicyFileSchema.parse({ version: 1, ...file });

function memoryRepo(initial: Record<string, unknown> = {}): SettingsRepo & { saved: Record<string, unknown> } {
  const saved = { ...initial };
  return { saved, get: (key) => saved[key], set: (key, value) => void (saved[key] = value) };
}

describe('the lock table', () => {
  it('has one row per stored field, each naming a field the policy file has', () => {
    const fields = LOCK_TABLE.map((r) => r.field);
    expect(new Set(fields).size).toBe(fields.length);
    for (const field of fields) expect(POLICY_FIELDS).toHaveProperty([field]);
    // Each row's input field is one of its settings' own fields (the defaults list them all).
    for (const r of LOCK_TABLE) expect(Object.keys(r.defaults)).toContain(r.input);
  });
});

describe('reading settings under a policy', () => {
  it('reads a locked field as the policy says, even over a value saved before', () => {
    const repo = memoryRepo({ 'intake.settings': { ...DEFAULT_INTAKE_SETTINGS, enabled: true, port: 9000 } });
    const read = withPolicy(repo, policyOf({ locked: { intake: { port: 8711 } } }));
    expect(read.get('intake.settings')).toEqual({ ...DEFAULT_INTAKE_SETTINGS, enabled: true, port: 8711 });
  });

  it('uses a preset only where nothing was saved', () => {
    const policy = policyOf({ presets: { caseRetention: { days: 30 } } });
    expect(withPolicy(memoryRepo(), policy).get('cases.retention')).toEqual({ days: 30 });
    expect(withPolicy(memoryRepo({ 'cases.retention': { days: 200 } }), policy).get('cases.retention')).toEqual({ days: 200 });
  });

  it('lays presets and locks of one setting on its defaults', () => {
    const read = withPolicy(memoryRepo(), policyOf({ locked: { backups: { folder: '/srv/backups' } }, presets: { backups: { keep: 30 } } }));
    expect(read.get('backup')).toEqual({ enabled: true, time: '02:00', keep: 30, folder: '/srv/backups' });
  });

  it('leaves other settings, and writes, as they are', () => {
    const repo = memoryRepo({ 'network.settings': { publicAddressEnabled: true } });
    const read = withPolicy(repo, policyOf({ locked: { intake: { port: 8711 } } }));
    expect(read.get('network.settings')).toEqual({ publicAddressEnabled: true });
    read.set('intake.settings', { port: 1 }, 'now');
    expect(repo.saved['intake.settings']).toEqual({ port: 1 });
  });
});

describe('saving under a policy', () => {
  const saved: unknown[] = [];
  const handlers = {
    saveIntakeSettings: (input: unknown) => (saved.push(input), input),
    saveLogSettings: (input: unknown) => (saved.push(input), input),
  } as unknown as Handlers;
  const guarded = refuseLockedChanges(handlers, policyOf({ locked: { intake: { port: 8711, host: '127.0.0.1' } } }), '/etc/casebridge/policy.json');
  const save = (input: object) => (guarded.saveIntakeSettings as (input: unknown) => unknown)(input);

  it('refuses a change to a locked field, naming the field and the file', () => {
    saved.length = 0;
    let refusal: unknown;
    try {
      save({ ...DEFAULT_INTAKE_SETTINGS, port: 9000 });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(CallRefusedError);
    expect(refusal).toMatchObject({
      code: 'forbidden',
      message: "The case intake port is set by your organisation's policy (/etc/casebridge/policy.json) and cannot be changed here.",
      issues: [{ path: 'port' }],
    });
    expect(saved).toEqual([]);
  });

  it('names every locked field a save would change', () => {
    expect(() => save({ ...DEFAULT_INTAKE_SETTINGS, host: '0.0.0.0', port: 1 })).toThrow(/address is set .* port is set/);
  });

  it('passes a save that keeps the locked values, and calls it leaves alone', () => {
    saved.length = 0;
    save({ ...DEFAULT_INTAKE_SETTINGS, enabled: true, port: 8711 });
    (guarded.saveLogSettings as (input: unknown) => unknown)({ keepDays: 5, keepEntries: 10_000 });
    expect(saved).toHaveLength(2);
    expect(guarded.saveLogSettings).toBe(handlers.saveLogSettings);
  });
});
