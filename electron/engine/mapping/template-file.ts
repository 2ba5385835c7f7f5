/**
 * Template files: export writes a TemplateFile (a draft and nothing else: templates hold no
 * secrets); import reads one as a new template, refusing a bad file with every issue named by its
 * path inside the file, so an admin can find it in an editor.
 */
import type { ContractIssue } from '../../../shared/contract';
import { CallRefusedError, describeIssues, issuesOf } from '../../../shared/dispatch';
import { TEMPLATE_FILE_FORMAT, TemplateFileSchema, type Template, type TemplateDraft, type TemplateFile } from '../../../shared/domain/template';
import type { Clock } from '../clock';
import type { LogBus } from '../log/log-bus';
import type { ReferenceService } from './references';
import { checkDraft, draftOf, freeName, withPrefix, type TemplateService } from './templates';

export const TEMPLATE_FILE_SUFFIX = '.casebridge-template.json';

/** A file name from the template name: letters, digits, dot, dash and underscore only. */
export function templateFileName(name: string): string {
  const safe = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents go, their letters stay
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return `${safe || 'template'}${TEMPLATE_FILE_SUFFIX}`;
}

export function writeTemplateFile(template: Template, exportedAt: string): { fileName: string; content: string } {
  const file: TemplateFile = { format: TEMPLATE_FILE_FORMAT, formatVersion: 1, exportedAt, template: draftOf(template) };
  return { fileName: templateFileName(template.name), content: `${JSON.stringify(file, null, 2)}\n` };
}

const refuse = (issues: ContractIssue[]): never => {
  throw new CallRefusedError(`The template file is not valid: ${describeIssues(issues)}.`, 'invalid_input', issues);
};

/** The draft a template file holds, or a refusal naming each problem by its path in the file. */
export function readTemplateFile(content: string): TemplateDraft {
  const data = readJsonFile(content, { format: TEMPLATE_FILE_FORMAT, what: 'template file', refuse });
  const parsed = TemplateFileSchema.safeParse(data);
  if (!parsed.success) refuse(issuesOf(parsed.error));
  const draft = parsed.data!.template;
  const issues = withPrefix('template', checkDraft(draft));
  if (issues.length > 0) refuse(issues);
  return draft;
}

/**
 * The JSON a casebridge file holds, once it is JSON and says it is this kind of file in a format
 * version this casebridge reads; otherwise `refuse` with where the problem is.
 */
export function readJsonFile(content: string, kind: { format: string; what: string; refuse: (issues: ContractIssue[]) => never }): unknown {
  const { refuse } = kind;
  const text = content.replace(/^\uFEFF/, ''); // editors on Windows may add a byte order mark
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const offset = syntaxErrorOffset(text);
    refuse([{ path: '', message: offset < 0 ? 'not valid JSON' : `not valid JSON at ${lineAndColumn(text, offset)}` }]);
  }
  // A file of another kind gets one clear sentence, not a list of everything it lacks.
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const { format, formatVersion } = data as Record<string, unknown>;
    if (format !== kind.format) {
      const found = format === undefined ? 'it has no format' : `its format is ${JSON.stringify(format).slice(0, 60)}`;
      refuse([{ path: 'format', message: `this is not a casebridge ${kind.what} (${found})` }]);
    }
    if (typeof formatVersion === 'number' && formatVersion > 1) {
      refuse([{ path: 'formatVersion', message: `this file was written by a newer casebridge (format version ${formatVersion}); this version reads version 1` }]);
    }
  }
  return data;
}

export interface TemplateFiles {
  export(id: number, version?: number): { fileName: string; content: string };
  import(content: string): Template;
}

export function createTemplateFiles(deps: {
  templates: Pick<TemplateService, 'get' | 'save' | 'nameTaken'>;
  references: Pick<ReferenceService, 'byName' | 'create'>;
  clock: Clock;
  log: Pick<LogBus, 'write'>;
}): TemplateFiles {
  return {
    export: (id, version) => writeTemplateFile(deps.templates.get(id, version), deps.clock.now().toISO()!),
    import(content) {
      const draft = readTemplateFile(content);
      const name = deps.templates.nameTaken(draft.name) ? freeName(draft.name, 'imported', deps.templates.nameTaken) : draft.name;
      // A file from another installation names references this one may not have yet.
      if (!deps.references.byName(draft.reference)) deps.references.create(draft.reference, `for the imported template '${name}'`);
      const saved = deps.templates.save(undefined, { ...draft, name });
      deps.log.write({ level: 'info', source: 'mapping', templateId: String(saved.id), message: `Template '${name}' imported from a template file.` });
      return saved;
    },
  };
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `line ${before.split('\n').length}, column ${offset - before.lastIndexOf('\n')}`;
}

/**
 * Where JSON.parse gave up, found by a small JSON scanner: Node 20's messages do not always carry
 * a position. -1 if it cannot say (e.g. nesting too deep to scan).
 */
export function syntaxErrorOffset(text: string): number {
  let i = 0;
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (c: string) => {
    if (text[i] !== c) throw i;
    i++;
  };
  const string = () => {
    expect('"');
    for (;;) {
      const c = text[i];
      if (c === undefined || c < ' ') throw i;
      i++;
      if (c === '"') return;
      if (c !== '\\') continue;
      const e = text[i];
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 5;
      else if (e !== undefined && e !== 'u' && '"\\/bfnrt'.includes(e)) i++;
      else throw i;
    }
  };
  const list = (close: string, item: () => void) => {
    i++;
    space();
    if (text[i] === close) return void i++;
    for (;;) {
      item();
      space();
      if (text[i] !== ',') return expect(close);
      i++;
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{')
      return list('}', () => {
        space();
        string();
        space();
        expect(':');
        value();
      });
    if (c === '[') return list(']', value);
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return void (i += word.length);
    NUMBER.lastIndex = i;
    if (NUMBER.exec(text)) return void (i = NUMBER.lastIndex);
    throw i;
  };
  try {
    value();
    space();
    return i < text.length ? i : -1;
  } catch (at) {
    return typeof at === 'number' ? at : -1;
  }
}
