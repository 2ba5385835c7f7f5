/**
 * The token scrapers of `/metrics` send (`--metrics-token-file`): read from a file, as the PFX
 * passphrase is, so it never shows on a command line or in a process list. One line; a trailing
 * newline (what editors and `echo` leave) is not part of it.
 */
import { readFileSync } from 'node:fs';

/** Long enough that it cannot be guessed; what fits in an HTTP header without quoting. */
const TOKEN = /^[\x21-\x7e]{24,512}$/;

export function readMetricsToken(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`The metrics token file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  const token = text.replace(/\r?\n$/, '');
  if (!TOKEN.test(token)) {
    throw new Error(
      `The metrics token file ${file} must hold one token of 24 to 512 characters with no spaces or line breaks (it holds ${token.length} characters${/\s/.test(token) ? ', some of them spaces or line breaks' : ''}). Make one with: openssl rand -hex 32`,
    );
  }
  return token;
}
