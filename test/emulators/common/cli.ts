/**
 * The command-line runner both emulators share: parse (bad options exit 2, --help prints the usage),
 * start, print `Name: value` lines (Base URL first, Admin last), and serve until SIGINT/SIGTERM.
 */
import { CliError, type SharedCliArgs } from './cli-args';

export interface EmulatorCommand<A extends SharedCliArgs, E> {
  /** Starts its messages on stderr, e.g. 'civica-cx' -> "civica-cx emulator: ...". */
  name: string;
  /** Names it when it stops, e.g. 'Civica Cx' -> "Civica Cx emulator stopped (SIGTERM)". */
  title: string;
  usage: string;
  parse(argv: string[]): A;
  start(args: A): Promise<E>;
  /** The lines it prints between `Base URL` and `Admin`, e.g. the credentials it accepts. */
  describe(emulator: E, args: A): string[];
}

export async function serveFromCommandLine<A extends SharedCliArgs, E extends { baseUrl: string; adminUrl: string; close(): Promise<void> }>(
  command: EmulatorCommand<A, E>,
): Promise<void> {
  let args: A;
  try {
    args = command.parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    console.error(`${command.name} emulator: ${error.message}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(command.usage);
    process.exit(0);
  }

  try {
    const emulator = await command.start(args);
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      emulator.close().then(
        () => {
          console.log(`${command.title} emulator stopped (${signal})`);
          process.exit(0);
        },
        (error: unknown) => {
          console.error(`${command.name} emulator: could not close cleanly: ${(error as Error).message}`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    // Printed last: whoever reads these lines may signal at once, and the handlers are in place.
    console.log(`Base URL: ${emulator.baseUrl}`);
    for (const line of command.describe(emulator, args)) console.log(line);
    console.log(`Admin: ${emulator.adminUrl}`);
  } catch (error) {
    console.error(`${command.name} emulator: could not start on ${args.host}:${args.port}: ${(error as Error).message}`);
    process.exit(1);
  }
}
