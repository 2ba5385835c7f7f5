import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../../shared/dispatch';
import type { TemplateDraftInput } from '../../../../shared/domain/template';
import { TemplateDraftSchema } from '../../../../shared/domain/template';
import { createEventHub } from '../../../../electron/engine/events';
import { createLogBus } from '../../../../electron/engine/log/log-bus';
import { createReferenceService } from '../../../../electron/engine/mapping/references';
import { createTemplateService } from '../../../../electron/engine/mapping/templates';
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

function setup() {
  const store = openStore(':memory:');
  stores.push(store);
  const clock = fakeClock();
  const log = createLogBus({ repo: createLogRepo(store), clock, events: createEventHub() });
  // Closed before its store (cleanup runs in order): its last entries are stored at the end of the turn.
  stores.unshift({ close: () => log.close() } as unknown as Store);
  const templateRepo = createTemplateRepo(store.db);
  const references = createReferenceService({ repo: createReferenceRepo(store.db), templates: templateRepo, clock, log });
  const templates = createTemplateService({ repo: templateRepo, references, clock, log, isTemplateInUse: () => [] });
  return { references, templates, log };
}

const draft = (name: string, reference: string): ReturnType<typeof TemplateDraftSchema.parse> =>
  TemplateDraftSchema.parse({
    name,
    connector: 'tascomi',
    type: 'create',
    reference,
    rows: [{ id: 'cf', target: { kind: 'schema', key: 'core_function' }, source: { kind: 'text', value: 'EH' } }],
  } satisfies TemplateDraftInput);

describe('references', () => {
  it('are created, listed by name with how many templates apply to each, and logged', () => {
    const { references, templates, log } = setup();
    const sr = references.create('Service Request number');
    references.create('Abatement notice');
    templates.save(undefined, draft('Noise create', 'Service Request number'));
    expect(references.list()).toEqual([
      { id: expect.any(Number), name: 'Abatement notice', templateCount: 0 },
      { id: sr.id, name: 'Service Request number', templateCount: 1 },
    ]);
    expect(log.recent(10).map((e) => e.message)).toContain("Reference 'Service Request number' created.");
  });

  it('refuse a name already taken, ignoring case, naming `name`', () => {
    const { references } = setup();
    const sr = references.create('SR number');
    expect(() => references.create('sr NUMBER')).toThrow(expect.objectContaining({ issues: [{ path: 'name', message: "a reference named 'SR number' already exists" }] }));
    const other = references.create('Repair reference');
    expect(() => references.rename(other.id, 'SR Number')).toThrow(/already exists/);
    // Changing only the case of its own name is fine.
    expect(references.rename(sr.id, 'SR Number')).toMatchObject({ id: sr.id, name: 'SR Number' });
  });

  it('keep their templates through a rename: templates hold the reference, not its name', () => {
    const { references, templates } = setup();
    const sr = references.create('SR number');
    const saved = templates.save(undefined, draft('Fly-tipping create', 'SR number'));
    references.rename(sr.id, 'Service Request number');
    expect(templates.get(saved.id).reference).toBe('Service Request number');
    expect(templates.get(saved.id, 1).reference).toBe('Service Request number');
    expect(templates.list()[0]!.reference).toBe('Service Request number');
    // Saving under the new name is the same reference.
    expect(templates.save(saved.id, draft('Fly-tipping create', 'service request NUMBER')).reference).toBe('Service Request number');
    expect(references.list()).toEqual([{ id: sr.id, name: 'Service Request number', templateCount: 1 }]);
  });

  it('cannot be deleted while a template applies to it; the refusal names the templates', () => {
    const { references, templates } = setup();
    const sr = references.create('SR number');
    const a = templates.save(undefined, draft('Noise create', 'SR number'));
    templates.save(undefined, draft('Food create', 'SR number'));
    expect(() => references.delete(sr.id)).toThrow("The reference 'SR number' cannot be deleted: the templates 'Food create' and 'Noise create' apply to it.");
    templates.delete(a.id);
    expect(() => references.delete(sr.id)).toThrow("the template 'Food create' applies to it");
  });

  it('can be deleted once only deleted templates used it; their versions still show the name', () => {
    const { references, templates } = setup();
    const sr = references.create('SR number');
    const saved = templates.save(undefined, draft('Noise create', 'SR number'));
    templates.delete(saved.id);
    references.delete(sr.id);
    expect(references.list()).toEqual([]);
    expect(templates.get(saved.id, 1).reference).toBe('SR number'); // a job pinned to it still reads it
  });

  it('refuse an unknown id', () => {
    const { references } = setup();
    expect(() => references.rename(99, 'X')).toThrow(expect.objectContaining({ issues: [{ path: 'id', message: 'no such reference' }] }));
    expect(() => references.delete(99)).toThrow('There is no reference with id 99.');
  });
});

describe('reference calls', () => {
  it('answer refusals with issues through the contract', async () => {
    t = startTestEngine();
    const h = t.engine.handlers;
    const created = await dispatchCall(h, 'createReference', { name: 'SR number' }, AT_THE_DESK);
    expect(created).toEqual({ ok: true, value: { id: expect.any(Number), name: 'SR number', templateCount: 0 } });
    const id = (created as { value: { id: number } }).value.id;

    expect(await dispatchCall(h, 'createReference', { name: ' sr number ' }, AT_THE_DESK)).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: "A reference named 'SR number' already exists.",
        issues: [{ path: 'name', message: "a reference named 'SR number' already exists" }],
      },
    });
    expect(await dispatchCall(h, 'createReference', { name: '#bad' }, AT_THE_DESK)).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'name' }] } });

    await dispatchCall(h, 'saveTemplate', { draft: draft('Pest create', 'SR number') }, AT_THE_DESK);
    expect(await dispatchCall(h, 'deleteReference', { id }, AT_THE_DESK)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining("the template 'Pest create' applies to it"), issues: [{ path: 'id' }] },
    });
    expect(await dispatchCall(h, 'renameReference', { id, name: 'Service Request number' }, AT_THE_DESK)).toMatchObject({
      ok: true,
      value: { name: 'Service Request number', templateCount: 1 },
    });
    expect(await dispatchCall(h, 'listReferences', {}, AT_THE_DESK)).toMatchObject({ ok: true, value: [{ id, name: 'Service Request number' }] });
  });
});
