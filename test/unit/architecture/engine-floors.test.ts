/**
 * The engine's floors: within electron/engine, a folder imports only itself and the floors below
 * it (folders side by side on one floor do not import each other), so each floor can be read,
 * tested and changed knowing only what is under it. The ground modules at the engine's root serve
 * every floor and import only each other; any other root module, and calls/, sit on the top floor
 * with engine.ts, the one place that joins the floors.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, inside, violations } from '../../support/import-graph';

const ENGINE = 'electron/engine';

/** Lowest first. A folder may import itself and the floors below it. */
const FLOORS: { folders: string[]; why: string }[] = [
  { folders: ['store'], why: 'the SQLite store and its repositories: what everything else keeps' },
  {
    // Needs only the settings repository: it lays itself over it, so no component above knows of it.
    folders: ['policy'],
    why: "the machine policy: the administrator's presets and locks, read at start and laid over the stored settings",
  },
  { folders: ['log'], why: 'the integration log every component writes to, kept in the store' },
  {
    // Needs only the store (and ground modules); the calls and the command line use it.
    folders: ['backup'],
    why: 'copies of the store taken while it runs, on a schedule, and putting one back in place',
  },
  {
    // people/ beside connectors/: accounts and sessions need only the store and the log, and only
    // the calls and the hosts (through engine.ts) use them.
    folders: ['connectors', 'people'],
    why: 'the clients of the back-office systems, their settings and live connections (they log their exchanges); the accounts, sessions and single sign-on settings of the people who use the engine',
  },
  {
    // network/ beside mapping/, not below it: it reads the connectors' settings and uses their
    // transport to diagnose a route, needs nothing of the mapping, and only the calls use it.
    folders: ['mapping', 'network'],
    why: "templates, references and their evaluation (with Tascomi's code lists); the Network page and the diagnosis of a connector's route",
  },
  { folders: ['jobs'], why: 'the durable queue and the workers that send jobs through the connectors with the mapping' },
  {
    // Above jobs (it reads the queue and the breakers), below cases: the intake listener answers /healthz too.
    folders: ['monitoring'],
    why: "what /healthz and /metrics say for the council's monitoring system: the health report and the metrics",
  },
  { folders: ['cases'], why: 'where cases come in (webhook, imports) and the rules that queue their jobs' },
  {
    // Above cases: a configuration holds the rules and the intake settings as well as the templates and queue settings.
    folders: ['promotion'],
    why: 'a configuration carried from one installation to another (test to live): export, dry run and apply',
  },
  {
    // Above cases: the alert webhook signs its posts as the intake checks the CRM's (cases/webhook-signature.ts).
    folders: ['alerts'],
    why: "alerts to the council's email, Teams or a signed webhook: what is watched, grouped and held back, the channels' senders and the durable deliveries",
  },
  {
    folders: ['calls'],
    why: "the top floor, with engine.ts: the contract's handlers join every area",
  },
];
const TOP = FLOORS.length - 1;

/** Root modules every floor may use: each imports only other ground modules. */
const GROUND: Record<string, string> = {
  clock: 'time for everyone, injected (tests use a fake clock)',
  events: "the hub of the contract's live events",
  health: 'the alarms the console shows (it emits their changes through events)',
  'loop-control': 'how background loops wait on the clock and stop promptly',
  'stop-steps': 'runs a stop step by step, every step even when one fails',
  'data-dir': 'where the data folder is and what its files are called',
  secrets: 'the secret store (passwords, keys), outside the database',
  'disk-space': 'watches the free space of the data folder and raises its alarm',
  operator: 'who is at the console, for the records that name them',
};

/** The floor of a module of the engine: -1 for a ground module, undefined for a folder with no floor. */
function floorOf(path: string): number | undefined {
  const rest = path.slice(ENGINE.length + 1);
  const slash = rest.indexOf('/');
  if (slash < 0) return basename(rest).replace(/\.ts$/, '') in GROUND ? -1 : TOP;
  const folder = rest.slice(0, slash);
  const floor = FLOORS.findIndex((f) => f.folders.includes(folder));
  return floor < 0 ? undefined : floor;
}

/** The top folder of a module of the engine, or undefined for a root module. */
function folderOf(path: string): string | undefined {
  const parts = path.slice(ENGINE.length + 1).split('/');
  return parts.length > 1 ? parts[0] : undefined;
}

/** Whether an import from `file` that lands at `landsIn` reaches above the importer's floor, or sideways to another folder. */
function reachesUp(file: string, landsIn: string): boolean {
  if (!inside(landsIn, ENGINE)) return false;
  const from = floorOf(file);
  const to = floorOf(landsIn);
  if (from === undefined || to === undefined) return false; // reported as unplaced below
  const [fromFolder, toFolder] = [folderOf(file), folderOf(landsIn)];
  return to > from || (to === from && fromFolder !== undefined && toFolder !== undefined && fromFolder !== toFolder);
}

describe('the engine floors', () => {
  it('every folder and root module of the engine has a place', () => {
    const folders = readdirSync(join(ROOT, ENGINE), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.filter((folder) => floorOf(`${ENGINE}/${folder}/x.ts`) === undefined)).toEqual([]);
  });

  it('no module imports a floor above its own, and ground modules import only ground modules', () => {
    expect(violations(ENGINE, (specifier, landsIn, file) => specifier.startsWith('.') && reachesUp(file, landsIn))).toEqual([]);
  });

  it('catches an import that reaches up or sideways (the store importing the queue, a ground module the log, the mapping the network)', () => {
    expect(reachesUp(`${ENGINE}/store/job-repo.ts`, `${ENGINE}/jobs/queue`)).toBe(true);
    expect(reachesUp(`${ENGINE}/clock.ts`, `${ENGINE}/log/log-bus`)).toBe(true);
    expect(reachesUp(`${ENGINE}/mapping/draft-code-lists.ts`, `${ENGINE}/network/proxy`)).toBe(true);
    expect(reachesUp(`${ENGINE}/jobs/queue.ts`, `${ENGINE}/connectors/errors`)).toBe(false);
    expect(reachesUp(`${ENGINE}/engine.ts`, `${ENGINE}/cases/intake`)).toBe(false);
    expect(reachesUp(`${ENGINE}/engine.ts`, `${ENGINE}/calls/app-calls`)).toBe(false);
  });
});
