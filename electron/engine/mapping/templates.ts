/**
 * Mapping templates: versioned, named uniquely among live templates, pointing at a reference by id.
 * Every change (save, rename, restore) writes a new version so a job's pinned version never moves.
 */
import { TEMPLATE_SCHEMAS } from '../../../shared/connectors/template-schemas';
import type { ContractIssue } from '../../../shared/contract';
import { CallRefusedError, describeIssues } from '../../../shared/dispatch';
import { TemplateDraftSchema, type ConnectorId, type Template, type TemplateDraft, type TemplateSummary, type TemplateVersionSummary } from '../../../shared/domain/template';
import type { Clock } from '../clock';
import type { LogBus } from '../log/log-bus';
import type { TemplateRepo, TemplateRow, TemplateVersionRow } from '../store/template-repo';
import { quoteList, type ReferenceService } from './references';

const NAME_MAX = 100;

/** Checks a schema-valid draft cannot express: unique row ids, keys the connector knows. Paths are relative to the draft. */
export function checkDraft(draft: TemplateDraft): ContractIssue[] {
  const issues: ContractIssue[] = [];
  const schema = TEMPLATE_SCHEMAS[draft.connector];
  // What the connector's templates may name: target keys (outgoing) and remote fields (incoming).
  const known = { targets: new Set(schema.fields.map((f) => f.key)), incoming: new Set(schema.incoming.map((f) => f.key)) };
  if (!schema.types[draft.type]) {
    const types = Object.entries(schema.types)
      .map(([type, label]) => `'${type}' (${label})`)
      .join(', ');
    issues.push({ path: 'type', message: `a ${schema.label} template cannot be of type '${draft.type}': its types are ${types}` });
  }
  const seen = new Set<string>();
  draft.rows.forEach((row, n) => {
    if (seen.has(row.id)) issues.push({ path: `rows.${n}.id`, message: `another row already has the id '${row.id}'` });
    seen.add(row.id);
    if ('remoteField' in row) {
      if (!known.incoming.has(row.remoteField))
        issues.push({ path: `rows.${n}.remoteField`, message: `'${row.remoteField}' is not a field of a ${schema.label} ${schema.recordName}` });
      return;
    }
    if (row.target.kind === 'schema' && !known.targets.has(row.target.key)) {
      issues.push({ path: `rows.${n}.target.key`, message: `'${row.target.key}' is not a ${schema.label} target field` });
    }
    if (row.target.kind === 'extra' && !schema.extraFields) {
      issues.push({ path: `rows.${n}.target`, message: `a ${schema.label} ${schema.recordName} has no additional fields: map one of its own fields` });
    }
    if (row.onlyForRequestCodes?.length && !schema.requestCodeConditions) {
      issues.push({ path: `rows.${n}.onlyForRequestCodes`, message: `a ${schema.label} template has no Request Code, so its rows cannot depend on one` });
    }
  });
  return issues;
}

export const withPrefix = (prefix: string, issues: ContractIssue[]): ContractIssue[] => issues.map((i) => ({ ...i, path: i.path ? `${prefix}.${i.path}` : prefix }));

/** "<base> (<label>)", then "(<label> 2)", ... the first one free, shortened to fit the name limit. */
export function freeName(base: string, label: string, taken: (name: string) => boolean): string {
  for (let n = 1; ; n++) {
    const suffix = ` (${label}${n === 1 ? '' : ` ${n}`})`;
    const name = `${base.slice(0, NAME_MAX - suffix.length).trimEnd()}${suffix}`;
    if (!taken(name)) return name;
  }
}

export interface TemplateService {
  list(): TemplateSummary[];
  /** The current version, or the one asked for (also of a deleted template: jobs pin versions). */
  get(id: number, version?: number): Template;
  /** The current version of a live template another record names; refused at `path`, its field (a call's templateId), when there is none. */
  current(id: number, path: string): Template;
  /** A live template's type, or undefined when there is no such template (rules name templates by id). */
  kind(id: number): Template['type'] | undefined;
  /** Creates a template (no id) or saves a new version of it. */
  save(id: number | undefined, draft: TemplateDraft): Template;
  duplicate(id: number): Template;
  rename(id: number, name: string): Template;
  delete(id: number): void;
  versions(id: number): TemplateVersionSummary[];
  /** Saves an old version's rows and reference as a new version; the name stays as it is now. */
  restore(id: number, version: number): Template;
  /** The current versions of the incoming templates that apply to a Reference (applied after a create or update). */
  incomingFor(connector: ConnectorId, referenceName: string): Template[];
  /** True when a live template has this name (ignoring case). */
  nameTaken(name: string): boolean;
  /** Drops what it kept from a transaction that rolled back (a configuration import): its versions may be written again. */
  forgetKept(): void;
}

export interface TemplateServiceDeps {
  repo: TemplateRepo;
  references: Pick<ReferenceService, 'byName' | 'nameOf' | 'revision'>;
  clock: Clock;
  log: Pick<LogBus, 'write'>;
  /** Names of the rules that apply the template; a template in use cannot be deleted. */
  isTemplateInUse: (id: number) => string[];
}

const refused = (message: string, issues: ContractIssue[]) => new CallRefusedError(message, 'invalid_input', issues);
/** The refusal of an id that names no live template; `path` is the field that holds it. */
export const noSuchTemplate = (id: number, path = 'id') => refused(`There is no template with id ${id}.`, [{ path, message: 'no such template' }]);

export function createTemplateService(deps: TemplateServiceDeps): TemplateService {
  const { repo } = deps;

  /** The stored draft, showing the reference under its name now (the saved name if it is gone). */
  // A saved version never changes, so its parsed body is kept (every job's attempt reads its pinned
  // version); the reference's name is looked up each time, as a reference can be renamed.
  const parsedBodies = new Map<string, TemplateDraft>();
  const parsedBody = (row: TemplateVersionRow): TemplateDraft => {
    const key = `${row.templateId}:${row.version}`;
    let draft = parsedBodies.get(key);
    if (!draft) {
      draft = TemplateDraftSchema.parse(JSON.parse(row.body));
      if (parsedBodies.size >= 500) parsedBodies.delete(parsedBodies.keys().next().value!);
      parsedBodies.set(key, draft);
    }
    return draft;
  };
  const render = (row: TemplateVersionRow): Template => {
    const draft = parsedBody(row);
    const reference = deps.references.nameOf(row.referenceId) ?? draft.reference;
    return { ...draft, reference, id: row.templateId, version: row.version, savedAt: row.savedAt };
  };
  const liveTemplate = (id: number): TemplateRow => {
    const row = repo.byId(id);
    if (!row || row.deletedAt !== null) throw noSuchTemplate(id);
    return row;
  };
  const currentDraft = (t: TemplateRow): TemplateDraft => draftOf(render(repo.version(t.id, t.currentVersion)!));
  const nameTakenBy = (name: string, exceptId?: number) => {
    const other = repo.liveByName(name);
    return other && other.id !== exceptId ? other : undefined;
  };

  // Jobs read their pinned version and the incoming templates on every attempt; both are kept until
  // a template is written or deleted, or a reference changes (the revisions say when).
  let revision = 0;
  const pinned = new Map<string, Template>();
  const incoming = new Map<string, Template[]>();
  const cacheKey = (...parts: (string | number)[]) => [...parts, revision, deps.references.revision()].join(':');

  /** Writes the draft (already checked) as a new template or the next version, and logs it. */
  const write = (id: number | undefined, draft: TemplateDraft, referenceId: number, note = ''): Template => {
    revision++;
    const next = { name: draft.name, referenceId, body: JSON.stringify(draft), now: deps.clock.now().toISO()! };
    const row = id === undefined ? repo.create({ connector: draft.connector, type: draft.type }, next) : repo.addVersion(id, next);
    deps.log.write({
      level: 'info',
      source: 'mapping',
      templateId: String(row.templateId),
      message: `Template '${draft.name}' saved as version ${row.version}${note}.`,
    });
    return render(row);
  };

  const get = (id: number, version?: number, path?: string): Template => {
    // The current version too: any write or delete changes the revision, so a kept one is current.
    const key = cacheKey(id, version ?? 'current');
    const kept = pinned.get(key);
    if (kept) return kept;
    const found = readTemplate(id, version, path);
    if (pinned.size >= 500) pinned.clear();
    pinned.set(key, found);
    return found;
  };

  const readTemplate = (id: number, version?: number, path?: string): Template => {
    const t = repo.byId(id);
    if (!t || (t.deletedAt !== null && version === undefined)) throw noSuchTemplate(id, path);
    const row = repo.version(id, version ?? t.currentVersion);
    if (!row) throw refused(`The template '${t.name}' has no version ${version}.`, [{ path: 'version', message: `there is no version ${version}` }]);
    return render(row);
  };

  const save = (id: number | undefined, draft: TemplateDraft): Template => {
    const issues = withPrefix('draft', checkDraft(draft));
    const existing = id === undefined ? undefined : liveTemplate(id);
    const reference = deps.references.byName(draft.reference);
    if (!reference) issues.push({ path: 'draft.reference', message: `there is no reference named '${draft.reference}': create the reference first` });
    const other = nameTakenBy(draft.name, id);
    if (other) issues.push({ path: 'draft.name', message: `another template is named '${other.name}'` });
    // Rules and jobs rely on what a template does; a different kind of template is a new template.
    if (existing && existing.type !== draft.type) issues.push({ path: 'draft.type', message: `a ${existing.type} template cannot become ${draft.type}: create a new template` });
    if (existing && existing.connector !== draft.connector) issues.push({ path: 'draft.connector', message: `the connector cannot change from ${existing.connector}` });
    if (issues.length > 0) throw refused(`The template cannot be saved: ${describeIssues(issues)}.`, issues);
    return write(id, { ...draft, reference: reference!.name }, reference!.id);
  };

  const service: TemplateService = {
    list: () =>
      repo.live().map(({ current }) => {
        const t = render(current);
        return { id: t.id, name: t.name, connector: t.connector, type: t.type, reference: t.reference, version: t.version, savedAt: t.savedAt, rowCount: t.rows.length };
      }),
    get: (id, version) => get(id, version),
    current: (id, path) => get(id, undefined, path),
    kind(id) {
      const row = repo.byId(id);
      return row && row.deletedAt === null ? row.type : undefined;
    },
    save,
    duplicate(id) {
      const draft = currentDraft(liveTemplate(id));
      return save(undefined, { ...draft, name: freeName(draft.name, 'copy', (n) => nameTakenBy(n) !== undefined) });
    },
    rename(id, name) {
      const t = liveTemplate(id);
      const other = nameTakenBy(name, id);
      if (other) throw refused(`Another template is named '${other.name}'.`, [{ path: 'name', message: `another template is named '${other.name}'` }]);
      const draft = currentDraft(t);
      if (draft.name === name) return get(id);
      return write(id, { ...draft, name }, t.referenceId!, ` (renamed from '${draft.name}')`);
    },
    delete(id) {
      const t = liveTemplate(id);
      const rules = deps.isTemplateInUse(id);
      if (rules.length > 0) {
        const which = rules.length === 1 ? `the rule ${quoteList(rules)} applies` : `the rules ${quoteList(rules)} apply`;
        throw refused(`The template '${t.name}' cannot be deleted: ${which} it.`, [{ path: 'id', message: `in use by ${quoteList(rules)}` }]);
      }
      repo.softDelete(id, deps.clock.now().toISO()!);
      revision++;
      deps.log.write({ level: 'info', source: 'mapping', templateId: String(id), message: `Template '${t.name}' deleted.` });
    },
    versions(id) {
      liveTemplate(id);
      return repo.versions(id).map((row) => {
        const t = render(row);
        return { version: t.version, name: t.name, savedAt: t.savedAt, rowCount: t.rows.length };
      });
    },
    restore(id, version) {
      const t = liveTemplate(id);
      const old = get(id, version);
      const reference = deps.references.byName(old.reference);
      if (!reference) {
        throw refused(`Version ${version} applies to the reference '${old.reference}', which no longer exists: create it first.`, [
          { path: 'version', message: `its reference '${old.reference}' no longer exists` },
        ]);
      }
      const draft = { ...draftOf(old), name: t.name, reference: reference.name };
      return write(id, draft, reference.id, ` (restored from version ${version})`);
    },
    nameTaken: (name) => repo.liveByName(name) !== undefined,
    forgetKept() {
      revision++;
      parsedBodies.clear();
    },
    incomingFor(connector, referenceName) {
      // Asked after every send: only the incoming templates of the connector, and kept until a change.
      const key = cacheKey(connector, referenceName);
      let found = incoming.get(key);
      if (!found) {
        found = repo
          .live({ type: 'incoming', connector })
          .map(({ current }) => render(current))
          .filter((t) => t.reference === referenceName);
        if (incoming.size >= 100) incoming.clear();
        incoming.set(key, found);
      }
      return found;
    },
  };
  return service;
}

/** The draft part of a Template. */
export function draftOf(template: Template): TemplateDraft {
  const { id: _id, version: _version, savedAt: _savedAt, ...draft } = template;
  return draft as TemplateDraft;
}
