/**
 * Promotion from test to live through the contract, as the console and the command line make it:
 * export from one engine, dry run and apply on a fresh one, and the refusals that change nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallResult } from '../../../../shared/contract';
import type { ConfigurationPreview } from '../../../../shared/domain/configuration';
import { TemplateDraftSchema, type TemplateDraft } from '../../../../shared/domain/template';
import { contractCallsOf, startTestEngine, type TestEngine } from '../../../support/engine';

const engines: TestEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.dispose();
});
function engine() {
  const t = startTestEngine();
  engines.push(t);
  return contractCallsOf(() => t);
}

const DRAFT: TemplateDraft = TemplateDraftSchema.parse({
  name: 'Noise – create SR',
  connector: 'tascomi',
  type: 'create',
  reference: 'SR number',
  rows: [
    { id: 'core', target: { kind: 'schema', key: 'core_function' }, source: { kind: 'text', value: 'EH' } },
    { id: 'code', target: { kind: 'schema', key: 'request_code' }, source: { kind: 'text', value: 'NOISE' } },
    { id: 'remarks', target: { kind: 'schema', key: 'description' }, source: { kind: 'field', field: 'description' } },
  ],
});

/** A test installation: two templates (one with three versions, renamed once), rules, settings. */
async function configureTest(value: ReturnType<typeof engine>['value']) {
  await value('createReference', { name: 'SR number' });
  await value('createReference', { name: 'Unused slot' });
  const noise = await value('saveTemplate', { draft: { ...DRAFT, name: 'Noise v1 name' } });
  await value('saveTemplate', { id: noise.id, draft: DRAFT });
  await value('saveTemplate', { id: noise.id, draft: { ...DRAFT, rows: DRAFT.rows.slice(0, 2) } });
  const food = await value('saveTemplate', { draft: { ...DRAFT, name: 'Food – create SR' } });
  await value('createRule', { name: 'Noise to Tascomi', caseType: 'Noise', on: 'created', condition: { field: 'urgent', equals: 'yes' }, templateId: noise.id });
  const food2 = await value('createRule', { name: 'Food to Tascomi', caseType: 'Food', on: 'both', templateId: food.id });
  await value('setRuleEnabled', { id: food2.id, enabled: false });
  await value('saveJobSettings', { connector: 'tascomi', settings: { concurrency: 2, maxAttempts: 7, backoffBaseSeconds: 5, backoffCapSeconds: 600 } });
  await value('saveIntakeSettings', { enabled: false, host: '127.0.0.1', port: 8799, toleranceSeconds: 120 });
  return { noise, food };
}

/** Every template as a person sees it: its versions' drafts in order. */
async function templatesOf(value: ReturnType<typeof engine>['value']) {
  const list: { id: number; name: string }[] = await value('listTemplates');
  const out: Record<string, unknown[]> = {};
  for (const t of list) {
    const versions: { version: number }[] = await value('listTemplateVersions', { id: t.id });
    out[t.name] = await Promise.all(versions.map(async (v) => ({ ...(await value('getTemplate', { id: t.id, version: v.version })), id: 0, savedAt: '' })));
  }
  return out;
}
const withoutTime = (content: string) => ({ ...JSON.parse(content), exportedAt: undefined });
const refusal = (result: CallResult<unknown>) => {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
};

describe('promoting a configuration', () => {
  it('reproduces templates (every version), rules, references and settings on a fresh engine, dry run first; a second import leaves all alone', async () => {
    const test = engine();
    await configureTest(test.value);
    const { content, fileName } = await test.value('exportConfiguration');
    expect(fileName).toMatch(/^casebridge-\d{4}-\d{2}-\d{2}\.casebridge-configuration\.json$/);
    const file = JSON.parse(content);
    expect(file).toMatchObject({ format: 'casebridge-configuration', formatVersion: 1, casebridgeVersion: '0.0.0-test' });
    expect(content).not.toMatch(/secret/i);

    const live = engine();
    const preview: ConfigurationPreview = await live.value('previewConfigurationImport', { content });
    expect(preview.items.map((i) => [i.kind, i.name, i.action])).toEqual([
      ['reference', 'SR number', 'add'],
      ['reference', 'Unused slot', 'add'],
      ['template', 'Food – create SR', 'add'],
      ['template', 'Noise – create SR', 'add'],
      ['rule', 'Food to Tascomi', 'add'],
      ['rule', 'Noise to Tascomi', 'add'],
      ['queue settings', 'tascomi', 'change'],
      ['queue settings', 'civica-cx', 'leave'],
      ['intake settings', 'case intake', 'change'],
    ]);
    expect(preview.items[3]!.summary).toBe('tascomi create template, 3 versions');
    expect(preview.items[6]!.summary).toBe('jobs at once 4 → 2, attempts 10 → 7, backoff from (s) 2 → 5, backoff up to (s) 300 → 600');
    expect(preview.counts).toEqual({ add: 6, change: 2, leave: 1 });
    // A dry run changes nothing.
    expect(await live.value('listTemplates')).toEqual([]);

    const applied: ConfigurationPreview = await live.value('applyConfigurationImport', { content, fingerprint: preview.fingerprint });
    expect(applied.items).toEqual(preview.items);
    expect(await templatesOf(live.value)).toEqual(await templatesOf(test.value));
    expect(withoutTime((await live.value('exportConfiguration')).content)).toEqual(withoutTime(content));
    const rules = await live.value('listRules');
    expect(rules.map((r: { name: string; enabled: boolean }) => [r.name, r.enabled])).toEqual([
      ['Food to Tascomi', false],
      ['Noise to Tascomi', true],
    ]);
    expect(await live.value('getJobSettings', { connector: 'tascomi' })).toEqual({ concurrency: 2, maxAttempts: 7, backoffBaseSeconds: 5, backoffCapSeconds: 600 });

    const again: ConfigurationPreview = await live.value('previewConfigurationImport', { content });
    expect(again.items.every((i) => i.action === 'leave')).toBe(true);
    expect(again.fingerprint).toBe(applied.fingerprint);
  });

  it('brings a changed template as a new version, keeping the old ones here', async () => {
    const test = engine();
    const { noise } = await configureTest(test.value);
    const live = engine();
    const first = (await test.value('exportConfiguration')).content;
    await live.value('applyConfigurationImport', { content: first, fingerprint: (await live.value('previewConfigurationImport', { content: first })).fingerprint });

    await test.value('saveTemplate', { id: noise.id, draft: DRAFT });
    const second = (await test.value('exportConfiguration')).content;
    const preview: ConfigurationPreview = await live.value('previewConfigurationImport', { content: second });
    expect(preview.items.filter((i) => i.action !== 'leave')).toEqual([
      { kind: 'template', name: 'Noise – create SR', action: 'change', summary: 'new version 4 (version 3 stays): rows 2 → 3' },
    ]);
    await live.value('applyConfigurationImport', { content: second, fingerprint: preview.fingerprint });
    const versions = (await templatesOf(live.value))['Noise – create SR']!;
    expect(versions).toHaveLength(4);
    expect(versions).toEqual((await templatesOf(test.value))['Noise – create SR']);
  });

  it('names every problem of a bad file by its path and changes nothing', async () => {
    const test = engine();
    await configureTest(test.value);
    const file = JSON.parse((await test.value('exportConfiguration')).content);
    file.templates[1].versions[1].reference = 'Nowhere';
    file.templates[0].versions[0].rows[0].target.kind = 'sideways';
    file.rules[0].name = 'noise TO tascomi';
    file.queueSettings.tascomi.concurrency = 0;
    const live = engine();
    const before = (await live.value('exportConfiguration')).content;
    const error = refusal(await live.call('previewConfigurationImport', { content: JSON.stringify(file) }));
    expect(error.message).toMatch(/^The configuration file is not valid: /);
    expect(error.issues!.map((i) => i.path).sort()).toEqual(['queueSettings.tascomi.concurrency', 'templates.0.versions.0.rows.0.target.kind']);
    // Past the shape, the checks of names and references.
    file.templates[0].versions[0].rows[0].target.kind = 'schema';
    file.queueSettings.tascomi.concurrency = 3;
    const second = refusal(await live.call('previewConfigurationImport', { content: JSON.stringify(file) }));
    expect(second.issues).toEqual([
      { path: 'rules.1.name', message: "another rule in the file is named 'Noise to Tascomi'" },
      { path: 'templates.1.versions.1.reference', message: "the reference 'Nowhere' is not in the file's references" },
    ]);
    const apply = refusal(await live.call('applyConfigurationImport', { content: JSON.stringify(file), fingerprint: 'a'.repeat(64) }));
    expect(apply.issues).toEqual(second.issues);
    expect(refusal(await live.call('previewConfigurationImport', { content: '{"format": "casebridge-configuration",\n "formatVersion": 1,, }' })).issues).toEqual([
      { path: '', message: 'not valid JSON at line 2, column 21' },
    ]);
    expect(refusal(await live.call('previewConfigurationImport', { content: (await test.value('exportTemplate', { id: 1 })).content })).issues).toEqual([
      { path: 'format', message: 'this is not a casebridge configuration file (its format is "casebridge-template")' },
    ]);
    expect((await live.value('exportConfiguration')).content).toEqual(before);
  });

  it('names what this installation cannot take: a template of another kind, a rule with no template', async () => {
    const test = engine();
    await configureTest(test.value);
    const file = JSON.parse((await test.value('exportConfiguration')).content);
    file.rules[0].template = 'Missing';
    const live = engine();
    await live.value('createReference', { name: 'SR number' });
    await live.value('saveTemplate', { draft: { ...DRAFT, name: 'Food – create SR', type: 'update', rows: [] } });
    const error = refusal(await live.call('previewConfigurationImport', { content: JSON.stringify(file) }));
    expect(error.message).toMatch(/^The configuration file cannot be imported here: .* Nothing was changed\.$/);
    expect(error.issues).toEqual([
      { path: 'templates.0.versions.0.type', message: "the template 'Food – create SR' here is a update template; a template cannot change kind" },
      { path: 'rules.0.template', message: "there is no template named 'Missing' in the file or here" },
    ]);
  });

  it('refuses an apply after the configuration here changed since the dry run', async () => {
    const test = engine();
    await configureTest(test.value);
    const { content } = await test.value('exportConfiguration');
    const live = engine();
    const preview: ConfigurationPreview = await live.value('previewConfigurationImport', { content });
    await live.value('saveJobSettings', { connector: 'civica-cx', settings: { concurrency: 1, maxAttempts: 3, backoffBaseSeconds: 2, backoffCapSeconds: 300 } });
    const error = refusal(await live.call('applyConfigurationImport', { content, fingerprint: preview.fingerprint }));
    expect(error.message).toMatch(/^The configuration here changed since the dry run .* Nothing was changed\.$/);
    expect(error.issues).toEqual([{ path: 'fingerprint', message: 'the configuration changed since the dry run' }]);
    expect(await live.value('listReferences')).toEqual([]);
  });

  it('applies all or nothing: a step refused midway undoes the steps before it', async () => {
    const test = engine();
    await configureTest(test.value);
    const { content } = await test.value('exportConfiguration');
    const live = engine();
    // The Noise template's first version was named this: saving it here is refused after the references were added.
    await live.value('createReference', { name: 'Other' });
    await live.value('saveTemplate', { draft: { ...DRAFT, name: 'Noise v1 name', reference: 'Other' } });
    const before = await live.value('exportConfiguration');
    const preview: ConfigurationPreview = await live.value('previewConfigurationImport', { content });
    const error = refusal(await live.call('applyConfigurationImport', { content, fingerprint: preview.fingerprint }));
    expect(error.message).toMatch(
      /^The configuration could not be imported, and nothing was changed: The template cannot be saved: draft.name: another template is named 'Noise v1 name'\.$/,
    );
    expect((await live.value('exportConfiguration')).content).toEqual(before.content);
    expect((await live.value('listReferences')).map((r: { name: string }) => r.name)).toEqual(['Other']);
    // What the engine kept from inside the undone transaction is gone too: the same ids can be written again.
    const saved = await live.value('saveTemplate', { draft: { ...DRAFT, name: 'Fresh', reference: 'Other' } });
    expect((await live.value('getTemplate', { id: saved.id })).name).toBe('Fresh');
  });
});
