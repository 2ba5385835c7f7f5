/**
 * Where each lockable setting lives, in one table: the stored settings it is part of (with their
 * defaults, which a preset replaces) and the contract call that saves it (with the input field).
 * Adding a lockable field is one row here and one in shared/domain/policy.ts.
 *
 * Decisions:
 * - Reads go through `withPolicy`: a locked field always reads as the policy's value (even when
 *   something else was saved before the policy came), and a preset fills a setting never saved. So
 *   every component (the intake listener, the backups loop, a configuration import) sees the policy
 *   without knowing of it.
 * - Saves go through `refuseLockedChanges`: a call that would change a locked field is refused
 *   with words naming the field and the file; a save that keeps the locked value passes.
 */
import { CallRefusedError } from '../../../shared/dispatch';
import type { CallName, Handlers } from '../../../shared/contract';
import { DEFAULT_BACKUP_SETTINGS } from '../../../shared/domain/backup';
import { DEFAULT_CASE_RETENTION } from '../../../shared/domain/case-erasure';
import { DEFAULT_CIVICA_CX_SETTINGS } from '../../../shared/domain/civica-cx';
import { DEFAULT_INTAKE_SETTINGS } from '../../../shared/domain/intake';
import { DEFAULT_LOG_SETTINGS } from '../../../shared/domain/log-filter';
import { lockedMessage, policyFieldsOf, policyValue, type PolicyField, type PolicyFile } from '../../../shared/domain/policy';
import { DEFAULT_TASCOMI_SETTINGS } from '../../../shared/domain/tascomi';
import type { SettingsRepo } from '../store/settings-repo';

export interface LockRow {
  field: PolicyField;
  /** The settings key the value is stored under (the owner's SETTINGS_KEY), and its defaults. */
  settingsKey: string;
  defaults: Readonly<Record<string, unknown>>;
  /** The call that saves it, and the field of its input (and of the stored settings). */
  call: CallName;
  input: string;
}

const row = (field: PolicyField, call: CallName, settingsKey: string, defaults: object, input: string): LockRow => ({
  field,
  call,
  settingsKey,
  defaults: defaults as Record<string, unknown>,
  input,
});

/** The proxy, update URL, server URL and demo mode are not stored settings: the hosts apply them at start. */
export const LOCK_TABLE: readonly LockRow[] = [
  row('tascomi.baseUrl', 'saveTascomiSettings', 'tascomi.settings', DEFAULT_TASCOMI_SETTINGS, 'baseUrl'),
  row('civicaCx.baseUrl', 'saveCivicaCxSettings', 'civica-cx.settings', DEFAULT_CIVICA_CX_SETTINGS, 'baseUrl'),
  row('intake.host', 'saveIntakeSettings', 'intake.settings', DEFAULT_INTAKE_SETTINGS, 'host'),
  row('intake.port', 'saveIntakeSettings', 'intake.settings', DEFAULT_INTAKE_SETTINGS, 'port'),
  row('logRetention.keepDays', 'saveLogSettings', 'log.retention', DEFAULT_LOG_SETTINGS, 'keepDays'),
  row('logRetention.keepEntries', 'saveLogSettings', 'log.retention', DEFAULT_LOG_SETTINGS, 'keepEntries'),
  row('caseRetention.days', 'saveCaseRetention', 'cases.retention', DEFAULT_CASE_RETENTION, 'days'),
  row('backups.enabled', 'saveBackupSettings', 'backup', DEFAULT_BACKUP_SETTINGS, 'enabled'),
  row('backups.time', 'saveBackupSettings', 'backup', DEFAULT_BACKUP_SETTINGS, 'time'),
  row('backups.keep', 'saveBackupSettings', 'backup', DEFAULT_BACKUP_SETTINGS, 'keep'),
  row('backups.folder', 'saveBackupSettings', 'backup', DEFAULT_BACKUP_SETTINGS, 'folder'),
];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The settings as the policy has them: locked fields always the policy's, presets where nothing was saved. */
export function withPolicy(repo: SettingsRepo, policy: PolicyFile, table: readonly LockRow[] = LOCK_TABLE): SettingsRepo {
  const locked = table.filter((r) => policyValue(policy.locked ?? {}, r.field) !== undefined);
  const preset = table.filter((r) => policyValue(policy.presets ?? {}, r.field) !== undefined);
  if (locked.length === 0 && preset.length === 0) return repo;
  return {
    get(key) {
      const stored = repo.get(key);
      const locks = locked.filter((r) => r.settingsKey === key);
      const presets = isRecord(stored) ? [] : preset.filter((r) => r.settingsKey === key);
      if (locks.length === 0 && presets.length === 0) return stored;
      // Nothing saved (or nothing the owner could read): the defaults, with the presets and locks on them.
      const value: Record<string, unknown> = { ...(isRecord(stored) ? stored : (locks[0] ?? presets[0])!.defaults) };
      for (const r of presets) value[r.input] = policyValue(policy.presets!, r.field);
      for (const r of locks) value[r.input] = policyValue(policy.locked!, r.field);
      return value;
    },
    set: (key, value, now) => repo.set(key, value, now),
  };
}

/** The handlers, with every call that saves a locked field refusing a change to it. */
export function refuseLockedChanges(handlers: Handlers, policy: PolicyFile, file: string, table: readonly LockRow[] = LOCK_TABLE): Handlers {
  const lockedFields = new Set(policyFieldsOf(policy.locked ?? {}));
  const rows = table.filter((r) => lockedFields.has(r.field));
  const guarded: Record<string, unknown> = { ...handlers };
  for (const call of new Set(rows.map((r) => r.call))) {
    const own = rows.filter((r) => r.call === call);
    const handler = handlers[call] as (input: unknown, ...rest: unknown[]) => unknown;
    guarded[call] = (input: unknown, ...rest: unknown[]) => {
      const changed = own.filter((r) => isRecord(input) && input[r.input] !== undefined && input[r.input] !== policyValue(policy.locked!, r.field));
      if (changed.length > 0) {
        throw new CallRefusedError(
          changed.map((r) => lockedMessage(r.field, file)).join(' '),
          'forbidden',
          changed.map((r) => ({ path: r.input, message: lockedMessage(r.field, file) })),
        );
      }
      return handler(input, ...rest);
    };
  }
  return guarded as Handlers;
}
