import type nodePath from 'node:path';

/** The file system as packageBin and npmCli read it (a table of files in tests). */
export interface BinFs {
  exists(file: string): boolean;
  readText(file: string): string;
}
interface Where {
  path?: typeof nodePath.posix;
  fs?: BinFs;
}
export function packageBin(command: string, options: Where & { root: string }): string;
export function npmCli(options?: Where & { env?: Record<string, string | undefined>; execPath?: string; platform?: string }): string;
export function commandLine(
  command: string,
  args: readonly string[],
  options: Where & { root: string; execPath?: string; env?: Record<string, string | undefined>; platform?: string },
): { file: string; args: string[] };
