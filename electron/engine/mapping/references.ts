/**
 * References: named slots on a case that hold a remote record number (a Service Request number).
 * Templates point at a reference by id, so a rename carries every template with it; a reference
 * cannot be deleted while a template applies to it.
 */
import { CallRefusedError } from '../../../shared/dispatch';
import type { Reference } from '../../../shared/domain/template';
import type { Clock } from '../clock';
import type { LogBus } from '../log/log-bus';
import type { ReferenceRepo, ReferenceRow } from '../store/reference-repo';
import type { TemplateRepo } from '../store/template-repo';

export interface ReferenceService {
  list(): Reference[];
  create(name: string, why?: string): Reference;
  rename(id: number, name: string): Reference;
  delete(id: number): void;
  /** Ignoring case, as names are unique. */
  byName(name: string): ReferenceRow | undefined;
  nameOf(id: number): string | undefined;
  /** Changes whenever a reference is created, renamed or deleted (readers may keep what they looked up until then). */
  revision(): number;
  /** Drops what it kept from a transaction that rolled back (a configuration import). */
  forgetKept(): void;
}

export interface ReferenceServiceDeps {
  repo: ReferenceRepo;
  templates: Pick<TemplateRepo, 'liveNamesUsingReference' | 'liveCountsByReference'>;
  clock: Clock;
  log: Pick<LogBus, 'write'>;
}

export const quoteList = (names: string[]): string => {
  const quoted = names.map((n) => `'${n}'`);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
};

export function createReferenceService(deps: ReferenceServiceDeps): ReferenceService {
  const { repo } = deps;
  const view = (row: ReferenceRow, counts = deps.templates.liveCountsByReference()): Reference => ({
    id: row.id,
    name: row.name,
    templateCount: counts.get(row.id) ?? 0,
  });
  const existing = (id: number): ReferenceRow => {
    const row = repo.byId(id);
    if (!row) throw new CallRefusedError(`There is no reference with id ${id}.`, 'invalid_input', [{ path: 'id', message: 'no such reference' }]);
    return row;
  };
  const refuseTaken = (name: string, exceptId?: number) => {
    const other = repo.byName(name);
    if (other && other.id !== exceptId) {
      throw new CallRefusedError(`A reference named '${other.name}' already exists.`, 'invalid_input', [
        { path: 'name', message: `a reference named '${other.name}' already exists` },
      ]);
    }
  };
  const info = (message: string) => deps.log.write({ level: 'info', source: 'mapping', message });
  let revision = 0;
  // Names by id, asked for on every job's template: kept until a reference changes.
  let names = new Map<number, string | undefined>();
  const changed = () => {
    revision++;
    names = new Map();
  };

  return {
    list() {
      const counts = deps.templates.liveCountsByReference();
      return repo.all().map((row) => view(row, counts));
    },
    create(name, why) {
      refuseTaken(name);
      const row = repo.insert(name, deps.clock.now().toISO()!);
      changed();
      info(`Reference '${name}' created${why ? ` ${why}` : ''}.`);
      return view(row);
    },
    rename(id, name) {
      const before = existing(id);
      refuseTaken(name, id);
      if (before.name === name) return view(before);
      const row = repo.rename(id, name);
      changed();
      info(`Reference '${before.name}' renamed to '${name}'; its templates follow it.`);
      return view(row);
    },
    delete(id) {
      const row = existing(id);
      const users = deps.templates.liveNamesUsingReference(id);
      if (users.length > 0) {
        const which = users.length === 1 ? `the template ${quoteList(users)} applies` : `the templates ${quoteList(users)} apply`;
        throw new CallRefusedError(`The reference '${row.name}' cannot be deleted: ${which} to it.`, 'invalid_input', [{ path: 'id', message: `in use by ${quoteList(users)}` }]);
      }
      repo.delete(id);
      changed();
      info(`Reference '${row.name}' deleted.`);
    },
    byName: (name) => repo.byName(name.trim()),
    nameOf(id) {
      if (!names.has(id)) names.set(id, repo.byId(id)?.name);
      return names.get(id);
    },
    revision: () => revision,
    forgetKept: changed,
  };
}
