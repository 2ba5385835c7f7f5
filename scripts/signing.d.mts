// Types of signing.mjs, for the TypeScript that imports it (electron-builder.ts and its test).
// A type, not an interface: electron-builder's WindowsAzureSigningConfiguration has an index signature.
export type AzureSignOptions = {
  endpoint: string;
  codeSigningAccountName: string;
  certificateProfileName: string;
  publisherName: string;
};
export type Env = Record<string, string | undefined>;
export function azureSignOptions(env: Env): AzureSignOptions | undefined;
export function canNotarise(env: Env): boolean;
export function signingSummary(env: Env, platforms: readonly ('win' | 'mac' | 'linux')[]): string[];
