import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../../shared/dispatch';
import { TemplateDraftSchema, type TemplateDraft, type TemplateDraftInput } from '../../../../shared/domain/template';
import { createEventHub } from '../../../../electron/engine/events';
import { createLogBus } from '../../../../electron/engine/log/log-bus';
import { createReferenceService } from '../../../../electron/engine/mapping/references';
import { checkDraft, createTemplateService, freeName } from '../../../../electron/engine/mapping/templates';
import { createLogRepo } from '../../../../electron/engine/store/log-repo';
import { openStore, type Store } from '../../../../electron/engine/store/open-store';
import { createReferenceRepo } from '../../../../electron/engine/store/reference-repo';
import { createTemplateRepo } from '../../../../electron/engine/store/template-repo';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { fakeClock } from '../../../support/fake-clock';
import { AT_THE_DESK } from '../../../support/caller';

const stores: Store[] = [];
let t: TestEngine | undefined;
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  await t?.dispose();
  t = undefined;
});

function setup(rulesUsing: (id: number) => string[] = () => []) {
  const store = openStore(':memory:');
  stores.push(store);
  const clock = fakeClock('2026-03-29T09:00:00Z');
  const log = createLogBus({ repo: createLogRepo(store), clock, events: createEventHub() });
  // Closed before its store (cleanup runs in order): its last entries are stored at the end of the turn.
  stores.unshift({ close: () => log.close() } as unknown as Store);
  const templateRepo = createTemplateRepo(store.db);
  const references = createReferenceService({ repo: createReferenceRepo(store.db), templates: templateRepo, clock, log });
  const templates = createTemplateService({ repo: templateRepo, references, clock, log, isTemplateInUse: rulesUsing });
  references.create('SR number');
  return { references, templates, log, clock };
}

const ROWS = {
  core: { id: 'core', target: { kind: 'schema', key: 'core_function' }, source: { kind: 'text', value: 'SS' } },
  code: { id: 'code', target: { kind: 'schema', key: 'request_code' }, source: { kind: 'text', value: 'FLYTIP' } },
  officer: { id: 'officer', target: { kind: 'schema', key: 'investigating_officer' }, source: { kind: 'text', value: 'pshah' } },
  remarks: { id: 'remarks', target: { kind: 'schema', key: 'description' }, source: { kind: 'field', field: 'description' } },
  received: { id: 'received', target: { kind: 'schema', key: 'received_date' }, source: { kind: 'date', date: 'reported' } },
} as const;

function draft(overrides: Partial<TemplateDraftInput> = {}): TemplateDraft {
  return TemplateDraftSchema.parse({
    name: 'Fly-tipping create',
    connector: 'tascomi',
    type: 'create',
    reference: 'SR number',
    rows: [ROWS.core, ROWS.code, ROWS.officer],
    ...overrides,
  });
}

const issuesOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { issues?: unknown }).issues;
  }
  throw new Error('expected a refusal');
};

describe('saving templates', () => {
  it('creates version 1, then every save is the next version', () => {
    const { templates, clock } = setup();
    const v1 = templates.save(undefined, draft());
    expect(v1).toEqual({ ...draft(), id: v1.id, version: 1, savedAt: '2026-03-29T10:00:00.000+01:00' });
    clock.advance(60_000);
    const v2 = templates.save(v1.id, draft({ rows: [ROWS.core, ROWS.code, ROWS.officer, ROWS.remarks] }));
    const v3 = templates.save(v1.id, draft({ rows: [ROWS.core, ROWS.code, ROWS.officer, ROWS.remarks, ROWS.received] }));
    expect([v2.version, v3.version]).toEqual([2, 3]);
    expect(v2.savedAt).toBe('2026-03-29T10:01:00.000+01:00');
    expect(templates.get(v1.id)).toEqual(v3);
    expect(templates.list()).toEqual([
      { id: v1.id, name: 'Fly-tipping create', connector: 'tascomi', type: 'create', reference: 'SR number', version: 3, savedAt: v3.savedAt, rowCount: 5 },
    ]);
  });

  it('keeps every version: a job pins one and reads it unchanged after later saves', () => {
    const { templates } = setup();
    const v1 = templates.save(undefined, draft());
    templates.save(v1.id, draft({ rows: [ROWS.core] }));
    expect(templates.get(v1.id, 1)).toEqual(v1);
    expect(templates.get(v1.id, 2).rows).toEqual([ROWS.core]);
    expect(() => templates.get(v1.id, 7)).toThrow("The template 'Fly-tipping create' has no version 7.");
  });

  it('writes an info log entry per save, naming the template and version', () => {
    const { templates, log } = setup();
    const v1 = templates.save(undefined, draft());
    templates.save(v1.id, draft());
    expect(log.recent(2)).toMatchObject([
      { level: 'info', source: 'mapping', templateId: String(v1.id), message: "Template 'Fly-tipping create' saved as version 2." },
      { level: 'info', message: "Template 'Fly-tipping create' saved as version 1." },
    ]);
  });

  it('refuses a reference that does not exist, asking to create it first', () => {
    const { templates } = setup();
    expect(issuesOf(() => templates.save(undefined, draft({ reference: 'Repair reference' })))).toEqual([
      { path: 'draft.reference', message: "there is no reference named 'Repair reference': create the reference first" },
    ]);
    expect(templates.list()).toEqual([]);
  });

  it('refuses duplicate row ids, unknown target keys and unknown incoming fields, each at its path', () => {
    const { templates } = setup();
    const bad = draft({ rows: [ROWS.core, { ...ROWS.code, id: 'core' }, { ...ROWS.officer, target: { kind: 'schema', key: 'officer_code' } }] });
    expect(issuesOf(() => templates.save(undefined, bad))).toEqual([
      { path: 'draft.rows.1.id', message: "another row already has the id 'core'" },
      { path: 'draft.rows.2.target.key', message: "'officer_code' is not a Tascomi target field" },
    ]);
    const incoming = draft({
      type: 'incoming',
      name: 'SR back',
      rows: [
        { id: 'sr', remoteField: 'id', caseField: 'sr_number' },
        { id: 'x', remoteField: 'complaint_id', caseField: 'x' },
      ],
    });
    expect(issuesOf(() => templates.save(undefined, incoming))).toEqual([
      { path: 'draft.rows.1.remoteField', message: "'complaint_id' is not a field of a Tascomi Service Request" },
    ]);
  });

  it('accepts additional fields by their remote name, and rows with no source yet', () => {
    expect(checkDraft(draft({ rows: [{ id: 'a', target: { kind: 'extra', name: 'priority_id' }, source: null }] }))).toEqual([]);
  });

  it('refuses a name another live template has (ignoring case), and a change of type', () => {
    const { templates } = setup();
    const first = templates.save(undefined, draft());
    expect(issuesOf(() => templates.save(undefined, draft({ name: 'FLY-TIPPING create' })))).toEqual([
      { path: 'draft.name', message: "another template is named 'Fly-tipping create'" },
    ]);
    expect(issuesOf(() => templates.save(first.id, draft({ type: 'update' })))).toEqual([
      { path: 'draft.type', message: 'a create template cannot become update: create a new template' },
    ]);
    expect(templates.save(first.id, draft({ name: 'fly-tipping CREATE' })).name).toBe('fly-tipping CREATE'); // its own name, any case
  });

  it('refuses an unknown or deleted template id', () => {
    const { templates } = setup();
    expect(() => templates.save(42, draft())).toThrow('There is no template with id 42.');
    const saved = templates.save(undefined, draft());
    templates.delete(saved.id);
    expect(() => templates.save(saved.id, draft())).toThrow(`There is no template with id ${saved.id}.`);
    expect(() => templates.get(saved.id)).toThrow(/no template/);
  });
});

describe('history and restore', () => {
  it('lists versions newest first with their names and row counts', () => {
    const { templates, clock } = setup();
    const v1 = templates.save(undefined, draft());
    clock.advance(1000);
    templates.save(v1.id, draft({ rows: [ROWS.core] }));
    clock.advance(1000);
    templates.rename(v1.id, 'Fly-tipping (Street Scene)');
    expect(templates.versions(v1.id)).toEqual([
      { version: 3, name: 'Fly-tipping (Street Scene)', savedAt: '2026-03-29T10:00:02.000+01:00', rowCount: 1 },
      { version: 2, name: 'Fly-tipping create', savedAt: '2026-03-29T10:00:01.000+01:00', rowCount: 1 },
      { version: 1, name: 'Fly-tipping create', savedAt: '2026-03-29T10:00:00.000+01:00', rowCount: 3 },
    ]);
  });

  it('restores an old version as a new version: its rows and reference, under the current name', () => {
    const { templates, references, log } = setup();
    references.create('Repair reference');
    const v1 = templates.save(undefined, draft());
    templates.save(v1.id, draft({ reference: 'Repair reference', rows: [ROWS.core] }));
    templates.rename(v1.id, 'Renamed');
    const restored = templates.restore(v1.id, 1);
    expect(restored).toMatchObject({ id: v1.id, version: 4, name: 'Renamed', reference: 'SR number', rows: v1.rows });
    expect(templates.get(v1.id, 2).rows).toEqual([ROWS.core]); // history is untouched
    expect(log.recent(1)[0]!.message).toBe("Template 'Renamed' saved as version 4 (restored from version 1).");
  });

  it('refuses to restore a version whose reference has gone, and an unknown version', () => {
    const { templates, references } = setup();
    const repair = references.create('Repair reference');
    const v1 = templates.save(undefined, draft({ reference: 'Repair reference' }));
    templates.save(v1.id, draft());
    references.delete(repair.id);
    expect(() => templates.restore(v1.id, 1)).toThrow("Version 1 applies to the reference 'Repair reference', which no longer exists: create it first.");
    expect(issuesOf(() => templates.restore(v1.id, 9))).toEqual([{ path: 'version', message: 'there is no version 9' }]);
  });
});

describe('rename, duplicate and delete', () => {
  it('rename writes a new version; the same name again changes nothing; a taken name is refused', () => {
    const { templates } = setup();
    const a = templates.save(undefined, draft());
    templates.save(undefined, draft({ name: 'Noise create' }));
    expect(templates.rename(a.id, 'Fly-tipping report')).toMatchObject({ version: 2, name: 'Fly-tipping report', rows: a.rows });
    expect(templates.rename(a.id, 'Fly-tipping report').version).toBe(2);
    expect(issuesOf(() => templates.rename(a.id, 'noise CREATE'))).toEqual([{ path: 'name', message: "another template is named 'Noise create'" }]);
  });

  it('duplicate copies the current version under "(copy)", then "(copy 2)"', () => {
    const { templates } = setup();
    const a = templates.save(undefined, draft());
    templates.save(a.id, draft({ rows: [ROWS.core, ROWS.remarks] }));
    const copy = templates.duplicate(a.id);
    expect(copy).toMatchObject({ name: 'Fly-tipping create (copy)', version: 1, rows: [ROWS.core, ROWS.remarks], reference: 'SR number' });
    expect(copy.id).not.toBe(a.id);
    expect(templates.duplicate(a.id).name).toBe('Fly-tipping create (copy 2)');
  });

  it('a copy name fits the 100-character limit', () => {
    const long = 'x'.repeat(100);
    expect(freeName(long, 'copy', () => false)).toBe(`${'x'.repeat(93)} (copy)`);
    expect(freeName('A', 'copy', (n) => n === 'A (copy)')).toBe('A (copy 2)');
  });

  it('delete is soft: the name is free again and pinned versions still read', () => {
    const { templates, log } = setup();
    const a = templates.save(undefined, draft());
    templates.delete(a.id);
    expect(templates.list()).toEqual([]);
    expect(log.recent(1)[0]!.message).toBe("Template 'Fly-tipping create' deleted.");
    expect(templates.get(a.id, 1)).toEqual(a);
    const again = templates.save(undefined, draft());
    expect(again.id).not.toBe(a.id);
    expect(() => templates.delete(a.id)).toThrow(/no template/);
  });

  it('delete is refused while a rule applies the template, naming the rules', () => {
    const { templates } = setup((id) => (id === 1 ? ['New fly-tipping reports', 'Reopened fly-tipping'] : []));
    const a = templates.save(undefined, draft());
    expect(a.id).toBe(1);
    expect(() => templates.delete(a.id)).toThrow("The template 'Fly-tipping create' cannot be deleted: the rules 'New fly-tipping reports' and 'Reopened fly-tipping' apply it.");
    expect(templates.list()).toHaveLength(1);
  });
});

describe('what jobs read on every attempt', () => {
  it('a pinned version and the incoming templates follow a reference rename and new templates, although they are kept between reads', () => {
    const { templates, references } = setup();
    const create = templates.save(undefined, draft());
    expect(templates.get(create.id, 1).reference).toBe('SR number');
    expect(templates.incomingFor('tascomi', 'SR number')).toEqual([]);

    const back = templates.save(undefined, {
      name: 'Back',
      connector: 'tascomi',
      type: 'incoming',
      reference: 'SR number',
      rows: [{ id: 'n', remoteField: 'id', caseField: 'sr' }],
    } as TemplateDraft);
    expect(templates.incomingFor('tascomi', 'SR number').map((t) => t.name)).toEqual(['Back']);

    const ref = references.list().find((r) => r.name === 'SR number')!;
    references.rename(ref.id, 'Service Request');
    expect(templates.get(create.id, 1).reference).toBe('Service Request');
    expect(templates.incomingFor('tascomi', 'SR number')).toEqual([]);
    expect(templates.incomingFor('tascomi', 'Service Request').map((t) => t.id)).toEqual([back.id]);

    templates.delete(back.id);
    expect(templates.incomingFor('tascomi', 'Service Request')).toEqual([]);
  });
});

describe('template calls', () => {
  it('go through the contract, refusals answered with their issues', async () => {
    t = startTestEngine();
    const h = t.engine.handlers;
    expect(await dispatchCall(h, 'saveTemplate', { draft: draft() }, AT_THE_DESK)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'draft.reference', message: expect.stringContaining('create the reference first') }] },
    });
    await dispatchCall(h, 'createReference', { name: 'SR number' }, AT_THE_DESK);
    const saved = await dispatchCall(h, 'saveTemplate', { draft: draft() }, AT_THE_DESK);
    expect(saved).toMatchObject({ ok: true, value: { version: 1, name: 'Fly-tipping create' } });
    const id = (saved as { value: { id: number } }).value.id;

    expect(await dispatchCall(h, 'saveTemplate', { id, draft: { ...draft(), rows: [ROWS.core, ROWS.core] } }, AT_THE_DESK)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^The template cannot be saved: draft\.rows\.1\.id: /), issues: [{ path: 'draft.rows.1.id' }] },
    });
    expect(await dispatchCall(h, 'saveTemplate', { draft: draft({ name: 'Other' }) }, AT_THE_DESK)).toMatchObject({ ok: true });
    expect(await dispatchCall(h, 'renameTemplate', { id, name: 'other' }, AT_THE_DESK)).toMatchObject({ ok: false, error: { issues: [{ path: 'name' }] } });
    expect(await dispatchCall(h, 'duplicateTemplate', { id }, AT_THE_DESK)).toMatchObject({ ok: true, value: { name: 'Fly-tipping create (copy)' } });
    expect(await dispatchCall(h, 'getTemplate', { id: 999 }, AT_THE_DESK)).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'id' }] } });
    expect(await dispatchCall(h, 'getTemplate', { id, version: 5 }, AT_THE_DESK)).toMatchObject({ ok: false, error: { issues: [{ path: 'version' }] } });
    expect(await dispatchCall(h, 'restoreTemplateVersion', { id, version: 1 }, AT_THE_DESK)).toMatchObject({ ok: true, value: { version: 2 } });
    expect(await dispatchCall(h, 'listTemplateVersions', { id }, AT_THE_DESK)).toMatchObject({ ok: true, value: [{ version: 2 }, { version: 1 }] });
    expect(await dispatchCall(h, 'deleteTemplate', { id }, AT_THE_DESK)).toEqual({ ok: true, value: undefined });
    expect(await dispatchCall(h, 'deleteTemplate', { id }, AT_THE_DESK)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatchCall(h, 'listTemplates', {}, AT_THE_DESK)).toMatchObject({ ok: true, value: [{ name: 'Fly-tipping create (copy)' }, { name: 'Other' }] });
  });

  it('keep templates across a restart', async () => {
    t = startTestEngine();
    await t.engine.handlers.createReference({ name: 'SR number' });
    const saved = await t.engine.handlers.saveTemplate({ draft: draft() });
    await t.engine.close();
    t = startTestEngine({ dataDir: t.dataDir });
    expect(await t.engine.handlers.getTemplate({ id: saved.id })).toEqual(saved);
  });
});
