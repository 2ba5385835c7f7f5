import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../../shared/dispatch';
import { TemplateDraftSchema, type TemplateDraft } from '../../../../shared/domain/template';
import { TASCOMI_PRIVATE_KEY_SECRET } from '../../../../electron/engine/connectors/tascomi/settings-service';
import { createEventHub } from '../../../../electron/engine/events';
import { createLogBus } from '../../../../electron/engine/log/log-bus';
import { createReferenceService } from '../../../../electron/engine/mapping/references';
import { createTemplateFiles, readTemplateFile, syntaxErrorOffset, templateFileName } from '../../../../electron/engine/mapping/template-file';
import { createTemplateService, draftOf } from '../../../../electron/engine/mapping/templates';
import { createLogRepo } from '../../../../electron/engine/store/log-repo';
import { openStore, type Store } from '../../../../electron/engine/store/open-store';
import { createReferenceRepo } from '../../../../electron/engine/store/reference-repo';
import { createTemplateRepo } from '../../../../electron/engine/store/template-repo';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { fakeClock } from '../../../support/fake-clock';
import { DEFAULT_RATE_LIMIT } from '../../../../shared/domain/rate-limit';
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
  const clock = fakeClock('2026-03-29T09:00:00Z');
  const log = createLogBus({ repo: createLogRepo(store), clock, events: createEventHub() });
  // Closed before its store (cleanup runs in order): its last entries are stored at the end of the turn.
  stores.unshift({ close: () => log.close() } as unknown as Store);
  const templateRepo = createTemplateRepo(store.db);
  const references = createReferenceService({ repo: createReferenceRepo(store.db), templates: templateRepo, clock, log });
  const templates = createTemplateService({ repo: templateRepo, references, clock, log, isTemplateInUse: () => [] });
  return { references, templates, files: createTemplateFiles({ templates, references, clock, log }), log };
}

const DRAFT: TemplateDraft = TemplateDraftSchema.parse({
  name: 'Food complaint – create SR',
  connector: 'tascomi',
  type: 'create',
  reference: 'SR number',
  rows: [
    { id: 'core', target: { kind: 'schema', key: 'core_function' }, source: { kind: 'text', value: 'EH' } },
    { id: 'code', target: { kind: 'schema', key: 'request_code' }, source: { kind: 'text', value: 'FOODCOMP' } },
    { id: 'officer', target: { kind: 'schema', key: 'investigating_officer' }, source: { kind: 'text', value: 'aokafor' } },
    { id: 'received', target: { kind: 'schema', key: 'received_date' }, source: { kind: 'date', date: 'reported' } },
    { id: 'req-ref', target: { kind: 'schema', key: 'requester.reference' }, source: { kind: 'person', role: 'Complainant', detail: 'reference' } },
    { id: 'uprn', target: { kind: 'schema', key: 'location.uprn' }, source: { kind: 'address', role: 'Business premises', detail: 'uprn' } },
    { id: 'remarks', target: { kind: 'schema', key: 'description' }, source: { kind: 'field', field: 'description' } },
    { id: 'premises', target: { kind: 'extra', name: 'premises_name' }, source: { kind: 'field', field: 'business_name' }, onlyForRequestCodes: ['FOODCOMP', 'FOODHYG'] },
  ],
});

/** A refusal's message and issues. */
function refusalOf(fn: () => unknown): { message: string; issues: { path: string; message: string }[] } {
  try {
    fn();
  } catch (error) {
    return { message: (error as Error).message, issues: (error as { issues: { path: string; message: string }[] }).issues };
  }
  throw new Error('expected a refusal');
}

const fileWith = (template: unknown) => JSON.stringify({ format: 'casebridge-template', formatVersion: 1, template }, null, 2);

describe('exporting a template', () => {
  it('writes a pretty-printed casebridge-template file named after the template', () => {
    const { references, templates, files } = setup();
    references.create('SR number');
    const saved = templates.save(undefined, DRAFT);
    const { fileName, content } = files.export(saved.id);
    expect(fileName).toBe('Food-complaint-create-SR.casebridge-template.json');
    expect(JSON.parse(content)).toEqual({ format: 'casebridge-template', formatVersion: 1, exportedAt: '2026-03-29T10:00:00.000+01:00', template: DRAFT });
    expect(content).toContain('\n  "formatVersion": 1,\n');
  });

  it('names files with safe characters only', () => {
    expect(templateFileName('Crème brûlée / pest: "rats"?')).toBe('Creme-brulee-pest-rats.casebridge-template.json');
    expect(templateFileName('../../etc')).toBe('etc.casebridge-template.json');
    expect(templateFileName('***')).toBe('template.casebridge-template.json');
  });

  it('exports the version asked for', () => {
    const { references, templates, files } = setup();
    references.create('SR number');
    const saved = templates.save(undefined, DRAFT);
    templates.save(saved.id, { ...DRAFT, rows: DRAFT.rows.slice(0, 3) } as TemplateDraft);
    expect(JSON.parse(files.export(saved.id, 1).content).template.rows).toHaveLength(8);
    expect(JSON.parse(files.export(saved.id).content).template.rows).toHaveLength(3);
  });
});

describe('importing a template file', () => {
  it('round-trips: export then import gives the same draft', () => {
    const { references, templates, files } = setup();
    references.create('SR number');
    const saved = templates.save(undefined, DRAFT);
    const imported = files.import(files.export(saved.id).content);
    expect(draftOf(imported)).toEqual({ ...DRAFT, name: `${DRAFT.name} (imported)` });
    expect(imported).toMatchObject({ version: 1 });
    expect(imported.id).not.toBe(saved.id);
    expect(draftOf(files.import(files.export(saved.id).content)).name).toBe(`${DRAFT.name} (imported 2)`);
  });

  it('keeps the name when it is free, creates a missing reference and says so in the log', () => {
    const { references, files, log } = setup();
    const imported = files.import(fileWith(DRAFT));
    expect(draftOf(imported)).toEqual(DRAFT);
    expect(references.list()).toEqual([{ id: expect.any(Number), name: 'SR number', templateCount: 1 }]);
    expect(log.recent(3).map((e) => e.message)).toEqual([
      `Template '${DRAFT.name}' imported from a template file.`,
      `Template '${DRAFT.name}' saved as version 1.`,
      `Reference 'SR number' created for the imported template '${DRAFT.name}'.`,
    ]);
  });

  it('reports a syntax error with its line and column', () => {
    const content = '{\n  "format": "casebridge-template",\n  "formatVersion" 1\n}';
    expect(refusalOf(() => readTemplateFile(content))).toEqual({
      message: 'The template file is not valid: not valid JSON at line 3, column 19.',
      issues: [{ path: '', message: 'not valid JSON at line 3, column 19' }],
    });
    expect(refusalOf(() => readTemplateFile('{\n  "rows": [1, 2,]\n}')).issues).toEqual([{ path: '', message: 'not valid JSON at line 2, column 17' }]);
    expect(refusalOf(() => readTemplateFile('{"format": "casebridge-template"')).issues).toEqual([{ path: '', message: 'not valid JSON at line 1, column 33' }]);
  });

  it('finds the position of every kind of JSON syntax error', () => {
    const cases: [string, number][] = [
      ['', 0],
      ['{"a": tru}', 6],
      ['{"a": "x\ny"}', 8],
      ['{"a": "\\q"}', 8],
      ['[1 2]', 3],
      ['{} {}', 3],
      ["{'a': 1}", 1],
      ['{"a": 01}', 7],
    ];
    for (const [text, offset] of cases) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(syntaxErrorOffset(text), text).toBe(offset);
    }
    expect(syntaxErrorOffset(JSON.stringify({ a: [1.5e3, -2, true, false, null, 'é\u0001\\"'] }))).toBe(-1);
  });

  it('reads a file with a byte order mark', () => {
    expect(readTemplateFile(`\uFEFF${fileWith(DRAFT)}`)).toEqual(DRAFT);
  });

  it('refuses a file of another format, or from a newer casebridge, in one sentence', () => {
    expect(refusalOf(() => readTemplateFile(JSON.stringify({ format: 'cxm-mapping', template: DRAFT }))).issues).toEqual([
      { path: 'format', message: 'this is not a casebridge template file (its format is "cxm-mapping")' },
    ]);
    expect(refusalOf(() => readTemplateFile(JSON.stringify({ name: 'x' }))).issues).toEqual([
      { path: 'format', message: 'this is not a casebridge template file (it has no format)' },
    ]);
    expect(refusalOf(() => readTemplateFile(JSON.stringify({ format: 'casebridge-template', formatVersion: 2, template: DRAFT }))).issues).toEqual([
      { path: 'formatVersion', message: 'this file was written by a newer casebridge (format version 2); this version reads version 1' },
    ]);
    expect(refusalOf(() => readTemplateFile('[1, 2]')).issues).toEqual([{ path: '', message: expect.stringMatching(/expected object/) }]);
  });

  it('reports every schema problem at its path inside the file', () => {
    const rows = structuredClone(DRAFT.rows) as unknown as Record<string, unknown>[];
    rows[2] = { ...rows[2], source: { kind: 'formula', value: '=A1' } };
    rows[3] = { ...rows[3], source: { kind: 'date', date: 'reported', zone: 'Mars/Olympus' } };
    const { message, issues } = refusalOf(() => readTemplateFile(fileWith({ ...DRAFT, rows, reference: '#SR' })));
    expect(issues).toEqual([
      { path: 'template.reference', message: 'use letters, digits, spaces, dots, dashes or underscores' },
      { path: 'template.rows.2.source.kind', message: expect.stringContaining("Expected 'field' | 'date'") },
      { path: 'template.rows.3.source.zone', message: expect.stringContaining('time zone') },
    ]);
    expect(message).toMatch(/^The template file is not valid: template\.reference: use letters, [^;]+; template\.rows\.2\.source\.kind: /);
  });

  it('applies the save checks too, at paths inside the file', () => {
    const rows = [...DRAFT.rows, { ...DRAFT.rows[0]!, id: 'uprn', target: { kind: 'schema', key: 'complaint_code_id' } }];
    expect(refusalOf(() => readTemplateFile(fileWith({ ...DRAFT, rows }))).issues).toEqual([
      { path: 'template.rows.8.id', message: "another row already has the id 'uprn'" },
      { path: 'template.rows.8.target.key', message: "'complaint_code_id' is not a Tascomi target field" },
    ]);
    const incoming = { name: 'SR back', connector: 'tascomi', type: 'incoming', reference: 'SR number', rows: [{ id: 'a', remoteField: 'reference_no', caseField: 'sr' }] };
    expect(refusalOf(() => readTemplateFile(fileWith(incoming))).issues).toEqual([
      { path: 'template.rows.0.remoteField', message: "'reference_no' is not a field of a Tascomi Service Request" },
    ]);
  });

  it('refuses without saving anything', () => {
    const { references, templates, files } = setup();
    expect(() => files.import(fileWith({ ...DRAFT, rows: [...DRAFT.rows, DRAFT.rows[0]] }))).toThrow(/not valid/);
    expect(templates.list()).toEqual([]);
    expect(references.list()).toEqual([]);
  });
});

describe('template file calls', () => {
  it('refuse a bad file with the issues, and never export a setting or a secret', async () => {
    t = startTestEngine();
    const h = t.engine.handlers;
    expect(await dispatchCall(h, 'importTemplate', { content: '{\n  "format": \n}' }, AT_THE_DESK)).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'The template file is not valid: not valid JSON at line 3, column 1.',
        issues: [{ path: '', message: 'not valid JSON at line 3, column 1' }],
      },
    });
    expect(await dispatchCall(h, 'importTemplate', { content: '' }, AT_THE_DESK)).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'content', message: 'the file is empty' }] },
    });

    const secrets = { baseUrl: 'https://northbridge.tascomi.example/rest', publicKey: 'pub-8f3a1c77d2e94b0f', privateKey: 'priv-5e0b9d41c6a8f273e1' };
    expect(
      await h.saveTascomiSettings({
        enabled: false,
        timeZone: 'Europe/London',
        streetRecordText: 'STREET RECORD',
        codeListTtlSeconds: 600,
        rateLimit: DEFAULT_RATE_LIMIT,
        ...secrets,
      }),
    ).toMatchObject({
      saved: true,
    });
    expect(await t.engine.secrets.get(TASCOMI_PRIVATE_KEY_SECRET)).toBe(secrets.privateKey);

    const imported = await dispatchCall(h, 'importTemplate', { content: fileWith(DRAFT) }, AT_THE_DESK);
    expect(imported).toMatchObject({ ok: true, value: { name: DRAFT.name, version: 1 } });
    const exported = await h.exportTemplate({ id: (imported as { value: { id: number } }).value.id });
    for (const value of Object.values(secrets)) expect(exported.content).not.toContain(value);
    expect(exported.content).not.toMatch(/tascomi\.example|privateKey|publicKey/);
    expect(JSON.parse(exported.content).template).toEqual(DRAFT);
  });
});
