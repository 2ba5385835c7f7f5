/**
 * Every contract call needs a permission, and the dispatcher enforces it for every caller: walks
 * the whole contract with a handler table that records whether it was reached. A call added to the
 * contract fails here until it is classified below as a read (a viewer may make it) or not.
 */
import { describe, expect, it } from 'vitest';
import { CALL_NAMES, calls, type CallName, type Handlers } from '../../../shared/contract';
import { dispatchCall, permissionFor } from '../../../shared/dispatch';
import { listSampleCases } from '../../../electron/engine/mapping/sample-cases';
import { PERMISSIONS, ROLES, roleAllows, type Caller, type Permission, type Role } from '../../../shared/domain/people';

/** Calls that change nothing and open no resident's details: the only ones a viewer may make. */
const READS: ReadonlySet<CallName> = new Set<CallName>([
  'whoAmI',
  'getAppInfo',
  'getHealth',
  'getPreferences',
  'listRecentLog',
  'queryLog',
  'countLog',
  'listLogPeople',
  'getLogEntry',
  'exportLog',
  'getLogSettings',
  'getTascomiSettings',
  'getTascomiCodeList',
  'getCivicaCxSettings',
  'getTascomiSync',
  'listReferences',
  'listTemplates',
  'getTemplate',
  'listTemplateVersions',
  'exportTemplate',
  'listSampleCases',
  'listRecentCases',
  'getIntakeSettings',
  'previewTemplate',
  'listCases',
  'getCase',
  'listRules',
  'listJobs',
  'countJobs',
  'previewBulkRetry',
  'getOutcomeHistory',
  'getJobDetail',
  'getQueueStatus',
  'getJobSettings',
  'getNetworkInfo',
  'getCaseRetention',
  'getBackupSettings',
  'listBackups',
  'getPolicy',
  'getAlertSettings',
  'listAlertDeliveries',
]);

const person = (role: Role): Caller => ({ name: `Pat ${role}`, role, source: 'local', accountId: 7, username: `pat.${role}` });

/** A handler table that answers every call and remembers which were reached. */
function recordingHandlers() {
  const reached: string[] = [];
  const handlers = Object.fromEntries(
    CALL_NAMES.map((name) => [
      name,
      () => {
        reached.push(name);
        return null;
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, reached };
}

describe('permissions in the contract', () => {
  it('every call names a permission the roles table knows', () => {
    for (const name of CALL_NAMES) {
      const rule = calls[name].permission;
      expect(rule, name).toBeDefined();
      const named: Permission = typeof rule === 'function' ? permissionFor(name, {}) : rule;
      expect(PERMISSIONS, name).toContain(named);
    }
  });

  it('every read is classified against a call that exists', () => {
    for (const name of READS) expect(CALL_NAMES, name).toContain(name);
  });

  it('a viewer is refused every call that is not a read, before its handler runs or its input is checked', async () => {
    const { handlers, reached } = recordingHandlers();
    const writes = CALL_NAMES.filter((name) => !READS.has(name));
    expect(writes.length).toBeGreaterThan(40);
    for (const name of writes) {
      const result = await dispatchCall(handlers, name, { not: 'a valid input' }, person('viewer'));
      expect(result, name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      if (!result.ok) expect(result.error.message, name).toContain('Pat viewer signed in as viewer may not');
    }
    expect(reached).toEqual([]);
  });

  it('a viewer may make every read', async () => {
    const { handlers, reached } = recordingHandlers();
    for (const name of READS) {
      // Inputs that parse: the dispatcher checks the schema before it runs the handler.
      const input =
        name === 'getLogEntry' || name.startsWith('getTemplate') || name === 'listTemplateVersions' || name === 'exportTemplate' || name === 'getJobDetail' ? { id: 1 } : undefined;
      const result = await dispatchCall(handlers, name, input ?? inputFor(name), person('viewer'));
      expect(result, `${name}: ${JSON.stringify(result)}`).toMatchObject({ ok: true });
    }
    expect([...reached].sort()).toEqual([...READS].sort());
  });

  it('revealing a log entry needs the reveal permission, which a viewer and a designer lack', async () => {
    const { handlers, reached } = recordingHandlers();
    const reveal = { id: 1, revealPersonal: true, reason: 'resident asked for a copy' };
    for (const role of ['viewer', 'designer'] as const) {
      expect(await dispatchCall(handlers, 'getLogEntry', reveal, person(role)), role).toMatchObject({
        ok: false,
        error: { code: 'forbidden', message: expect.stringContaining('"reveal"') },
      });
    }
    expect(reached).toEqual([]);
    expect(await dispatchCall(handlers, 'getLogEntry', { id: 1 }, person('designer'))).toMatchObject({ ok: true });
  });

  it('each role may make exactly the calls its permissions allow, and the administrator every call', async () => {
    for (const role of ROLES) {
      const { handlers, reached } = recordingHandlers();
      for (const name of CALL_NAMES) await dispatchCall(handlers, name, inputFor(name), person(role));
      const expected = CALL_NAMES.filter((name) => roleAllows(role, permissionFor(name, {})));
      // Only calls whose inputs parse reach their handler; refusals for the role come first.
      for (const name of reached) expect(expected, `${role} reached ${name}`).toContain(name);
    }
    const { handlers, reached } = recordingHandlers();
    for (const name of CALL_NAMES) await dispatchCall(handlers, name, inputFor(name), person('administrator'));
    expect(reached.length).toBeGreaterThan(CALL_NAMES.length / 3);
  });

  it('what each desk needs: support retries but cannot change connections; a designer edits templates but cannot retry', async () => {
    const { handlers } = recordingHandlers();
    const may = async (role: Role, name: CallName, input: unknown) => (await dispatchCall(handlers, name, input, person(role))).ok;
    expect(await may('support', 'retryJob', { id: 3 })).toBe(true);
    expect(await may('support', 'cancelJob', { id: 3 })).toBe(true);
    expect(await may('support', 'pauseQueue', { connector: 'tascomi' })).toBe(true);
    expect(await may('support', 'saveTascomiSettings', {})).toBe(false);
    expect(await may('support', 'createAccount', {})).toBe(false);
    // The whole configuration is an administrator's to carry between installations.
    expect(await may('designer', 'exportConfiguration', undefined)).toBe(false);
    expect(await may('support', 'previewConfigurationImport', { content: '{}' })).toBe(false);
    expect(await may('administrator', 'applyConfigurationImport', { content: '{}', fingerprint: 'a'.repeat(64) })).toBe(true);
    expect(await may('support', 'saveTemplate', {})).toBe(false);
    expect(await may('designer', 'retryJob', { id: 3 })).toBe(false);
    expect(await may('designer', 'deleteRule', { id: 3 })).toBe(true);
    expect(await may('designer', 'saveIntakeSettings', {})).toBe(false);
    expect(await may('administrator', 'listAccounts', undefined)).toBe(true);
  });
});

/** An input each read's schema accepts (most take none). */
function inputFor(name: CallName): unknown {
  const inputs: Partial<Record<CallName, unknown>> = {
    queryLog: {},
    countLog: {},
    exportLog: {},
    getTascomiCodeList: { list: 'titles' },
    getCase: { id: 'C-1' },
    previewTemplate: { draft: { name: 'Fly-tipping create', connector: 'tascomi', reference: 'SR number', type: 'create', rows: [] }, case: listSampleCases()[0] },
    countJobs: {},
    previewBulkRetry: {},
    getJobSettings: { connector: 'tascomi' },
    listRecentLog: {},
    listAlertDeliveries: {},
  };
  return inputs[name];
}
