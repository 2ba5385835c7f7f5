/**
 * `casebridge export-config FILE` and `casebridge import-config FILE [--apply]`: a configuration
 * carried from a test installation to live from a script, without a console. The engine is opened
 * on the data folder just for the command (no workers, no intake listener), so a folder that a
 * running casebridge holds is refused: that one's console does the same from its Connections page.
 * Import is a dry run unless --apply; either way the plan is printed as a table.
 *
 * Exit codes: 0 done, 1 a problem (a bad file, a folder in use, a refused import), 2 a usage error.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CallName, CallResult } from '../../shared/contract';
import { dispatchCall } from '../../shared/dispatch';
import type { ConfigurationPreview } from '../../shared/domain/configuration';
import { systemClock } from '../engine/clock';
import { defaultDataDir, SECRETS_FILE } from '../engine/data-dir';
import { createEngine, type Engine } from '../engine/engine';
import { createFileSecretStore, ownerOnlyFileCipher } from '../engine/secrets';
import { StartupRefusal } from '../engine/store/startup-refusal';
import type { HostCommand } from './command-line';

export const CONFIG_COMMANDS = ['export-config', 'import-config'] as const;
export type ConfigCommandName = (typeof CONFIG_COMMANDS)[number];

export const CONFIG_USAGE = `Usage: casebridge export-config FILE [--data-dir PATH]
       casebridge import-config FILE [--apply] [--data-dir PATH]
       (from a checkout: npm run serve -- export-config FILE ...)

Carries the configuration (references, templates with every version, rules, each connector's queue
settings, the intake settings; never secrets, cases, jobs or the log) from a test installation to live.

  export-config FILE  writes this installation's configuration to FILE
  import-config FILE  a dry run: says what importing FILE would add, change or leave alone
    --apply           then does exactly that, all or nothing
  --data-dir PATH     data folder (default ${defaultDataDir()}; or CASEBRIDGE_DATA_DIR)
  --help              show this text

Stop casebridge on this data folder first (or use its console: Connections, Configuration).
Exit codes: 0 done, 1 a problem (said on stderr), 2 the command line is wrong.`;

export interface ConfigCommand {
  command: ConfigCommandName;
  file: string;
  apply: boolean;
  dataDir: string;
}

export class ConfigUsageError extends Error {}

/** The command line after the sub-command's name, or a usage error saying what is wrong. */
export function parseConfigArgs(command: ConfigCommandName, argv: string[], env: NodeJS.ProcessEnv = process.env): ConfigCommand | 'help' {
  let file: string | undefined;
  let apply = false;
  let dataDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--apply' && command === 'import-config') apply = true;
    else if (arg === '--data-dir' || arg.startsWith('--data-dir=')) {
      dataDir = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!dataDir || dataDir.startsWith('--')) throw new ConfigUsageError('Option --data-dir needs a folder.');
    } else if (arg.startsWith('-')) throw new ConfigUsageError(`Unknown option ${arg} for ${command}. Run casebridge ${command} --help to see the options.`);
    else if (file === undefined) file = arg;
    else throw new ConfigUsageError(`${command} takes one FILE; '${arg}' is a second.`);
  }
  if (file === undefined) throw new ConfigUsageError(`${command} needs the configuration FILE to ${command === 'export-config' ? 'write' : 'read'}.`);
  return { command, file, apply, dataDir: dataDir ?? defaultDataDir(env) };
}

const ACTION_WORDS = { add: 'add', change: 'change', leave: 'leave alone' } as const;
const DONE_WORDS = { add: 'added', change: 'changed', leave: 'left alone' } as const;

/** The plan as a text table: action, kind, name, what changes. */
export function planTable(preview: ConfigurationPreview, applied: boolean): string {
  const words = applied ? DONE_WORDS : ACTION_WORDS;
  const rows = [['Action', 'Item', 'Name', 'Change'], ...preview.items.map((i) => [words[i.action], i.kind, i.name, i.summary])];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => [...r.slice(0, 3).map((cell, c) => cell.padEnd(widths[c]!)), r[3]].join('  ').trimEnd();
  const { add, change, leave } = preview.counts;
  const total = applied ? `Imported: ${add} added, ${change} changed, ${leave} left alone.` : `Importing this file would add ${add}, change ${change} and leave ${leave} alone.`;
  return [line(rows[0]!), line(widths.map((w) => '-'.repeat(w)).concat('------')), ...rows.slice(1).map(line), '', total].join('\n');
}

interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Runs one configuration command and answers its exit code. */
export async function runConfigCommand(command: ConfigCommandName, argv: string[], io: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const say = (text: string) => io.err(`casebridge ${command}: ${text}`);
  let parsed;
  try {
    parsed = parseConfigArgs(command, argv, env);
  } catch (error) {
    if (!(error instanceof ConfigUsageError)) throw error;
    say(error.message);
    return 2;
  }
  if (parsed === 'help') {
    io.out(CONFIG_USAGE);
    return 0;
  }
  const args = parsed;
  let content = '';
  if (command === 'import-config') {
    try {
      content = await readFile(args.file, 'utf8');
    } catch (error) {
      say(`cannot read ${args.file}: ${(error as Error).message}`);
      return 1;
    }
  }
  let engine: Engine;
  try {
    engine = createEngine({
      dataDir: args.dataDir,
      host: 'headless',
      version: __CASEBRIDGE_VERSION__,
      clock: systemClock(),
      secrets: createFileSecretStore(join(args.dataDir, SECRETS_FILE), ownerOnlyFileCipher),
      startWorkers: false,
      listen: false,
    });
  } catch (error) {
    if (error instanceof StartupRefusal && error.reason === 'locked') {
      say(
        `the data folder ${args.dataDir} is in use by a running casebridge. Nothing was read or changed. Use that one's console (Connections, Configuration), or stop it and run this again.`,
      );
    } else say(error instanceof Error ? error.message : String(error));
    return 1;
  }
  const call = <T>(name: CallName, input?: unknown) => dispatchCall(engine.handlers, name, input, engine.localCaller) as Promise<CallResult<T>>;
  /** Says why the engine refused, each problem on a line of its own; the exit code of a problem. */
  const refused = (result: { ok: false; error: { message: string; issues?: { path: string; message: string }[] } }): number => {
    say(result.error.message);
    for (const issue of result.error.issues ?? []) io.err(`  - ${issue.path || '(the file)'}: ${issue.message}`);
    return 1;
  };
  try {
    if (command === 'export-config') {
      const result = await call<{ content: string }>('exportConfiguration');
      if (!result.ok) return refused(result);
      await writeFile(args.file, result.value.content, 'utf8');
      io.out(`Wrote the configuration of ${args.dataDir} to ${args.file}.`);
      return 0;
    }
    const preview = await call<ConfigurationPreview>('previewConfigurationImport', { content });
    if (!preview.ok) return refused(preview);
    io.out(`${args.file}, written by casebridge ${preview.value.file.casebridgeVersion}${preview.value.file.exportedAt ? ` on ${preview.value.file.exportedAt}` : ''}:\n`);
    if (!args.apply) {
      io.out(planTable(preview.value, false));
      io.out(
        preview.value.counts.add + preview.value.counts.change > 0
          ? '\nThis was a dry run: nothing was changed. Run again with --apply to import.'
          : '\nNothing to import: this installation already has this configuration.',
      );
      return 0;
    }
    const applied = await call<ConfigurationPreview>('applyConfigurationImport', { content, fingerprint: preview.value.fingerprint });
    if (!applied.ok) return refused(applied);
    io.out(planTable(applied.value, true));
    return 0;
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    await engine.close();
  }
}

/** The two commands as the host's sub-commands (commands.ts lists them). */
export const exportConfigCommand: HostCommand = {
  name: 'export-config',
  summary: 'write the configuration (references, templates, rules, settings; no secrets) to a file',
  usage: CONFIG_USAGE,
  run: (args, output) => runConfigCommand('export-config', args, output),
};
export const importConfigCommand: HostCommand = {
  name: 'import-config',
  summary: 'show what a configuration file would change here (a dry run), or apply it with --apply',
  usage: CONFIG_USAGE,
  run: (args, output) => runConfigCommand('import-config', args, output),
};
