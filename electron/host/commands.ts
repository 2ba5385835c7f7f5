/**
 * The host's sub-commands: `casebridge <command> ...` runs one piece of work on the data folder and
 * exits, instead of serving the console. cli.ts asks `findCommand` first; anything that is not a
 * sub-command (no arguments, or options such as `--port`) is the server, as before.
 *
 * `serve` and `check` are words for the server itself (`serve [options]` is the same as the options
 * alone, `check [options]` the same as `--check`), so every task reads `casebridge <task>`.
 *
 * To add one: a module exporting a `HostCommand` (name, one-line summary, usage, run), listed in
 * COMMANDS below. `run` answers the exit code: 0 done, 1 the work failed, 2 the command line was wrong.
 */
import { backupCommand, restoreCommand } from './backup-commands';
import { CommandLineError, type CommandOutput, type HostCommand } from './command-line';
import { exportConfigCommand, importConfigCommand } from './config-command';

export const COMMANDS: readonly HostCommand[] = [backupCommand, restoreCommand, exportConfigCommand, importConfigCommand];

export function findCommand(argv: readonly string[], commands: readonly HostCommand[] = COMMANDS): HostCommand | undefined {
  const first = argv[0];
  return first === undefined || first.startsWith('-') ? undefined : commands.find((c) => c.name === first);
}

/** The server's command line: without a leading `serve`, and `check` as `--check`. */
export function serverArgv(argv: readonly string[]): string[] {
  if (argv[0] === 'serve') return argv.slice(1);
  if (argv[0] === 'check') return [...argv.slice(1), '--check'];
  return [...argv];
}

/** Runs the command named by argv[0] with the rest; `--help` prints its usage. */
export async function runCommand(command: HostCommand, args: string[], output: CommandOutput): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    output.out(command.usage);
    return 0;
  }
  try {
    return await command.run(args, output);
  } catch (error) {
    if (error instanceof CommandLineError) {
      output.err(`casebridge ${command.name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    output.err(`casebridge ${command.name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** The lines `--help` adds for the sub-commands. */
export function commandsUsage(commands: readonly HostCommand[] = COMMANDS): string {
  const lines = [
    { name: 'serve', summary: 'run the engine and serve the console (the same as the options alone)' },
    { name: 'check', summary: 'check the configuration and exit (the same as --check)' },
    ...commands,
  ].map((c) => `  ${c.name.padEnd(14)} ${c.summary}`);
  return `Commands (add --help after one for its options; all but serve run once and exit):\n${lines.join('\n')}`;
}
