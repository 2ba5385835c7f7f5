/** What a host sub-command is (commands.ts lists them) and how it reads its command line. */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

export interface HostCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], output: CommandOutput): Promise<number>;
}

/** A command line the command cannot run: said with its usage, exit code 2. */
export class CommandLineError extends Error {
  override readonly name = 'CommandLineError';
}

/**
 * Reads `--flag value` options and positional arguments; an unknown option, or a value missing,
 * is a CommandLineError naming it.
 */
export function parseCommandArgs(
  args: readonly string[],
  valued: readonly string[],
  switches: readonly string[],
): { values: Map<string, string>; switches: Set<string>; positional: string[] } {
  const values = new Map<string, string>();
  const on = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) positional.push(arg);
    else if (switches.includes(arg)) on.add(arg);
    else if (valued.includes(arg)) {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new CommandLineError(`${arg} needs a value.`);
      values.set(arg, value);
    } else throw new CommandLineError(`${arg} is not an option of this command.`);
  }
  return { values, switches: on, positional };
}
