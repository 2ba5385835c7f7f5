/** API keys: validated on the way in (options, methods, admin endpoint) so a typo fails loudly. */
import { z } from 'zod';
import { describeIssues } from './faults';
import { TABLES, type TascomiKey } from './types';

export const DEMO_KEYS: { publicKey: string; privateKey: string } = Object.freeze({
  publicKey: 'casebridge-demo-public-key',
  privateKey: 'casebridge-demo-private-key',
});

const tableAccess = z.strictObject({ view: z.boolean(), write: z.boolean(), delete: z.boolean().optional() });
const perTable = z.partialRecord(z.enum(TABLES), tableAccess);

const keyShape = z.strictObject({
  publicKey: z.string().min(1),
  privateKey: z.string().min(1),
  permissions: z.unknown().optional(),
});

/** 'all', or per-table access; checked apart from the key so errors name the table at fault. */
function permissionsOrThrow(input: unknown, prefix: string): TascomiKey['permissions'] {
  if (input === undefined || input === 'all') return 'all';
  const parsed = perTable.safeParse(input);
  if (!parsed.success) {
    throw new Error(
      `${prefix}: ${parsed.error.issues.map((i) => `${['permissions', ...i.path].join('.')}: ${i.message}`).join('; ')} (expected 'all' or { <table>: { view, write, delete? } })`,
    );
  }
  return structuredClone(parsed.data);
}

export function parseKey(input: unknown): TascomiKey {
  const parsed = keyShape.safeParse(input);
  if (!parsed.success) throw new Error(`Invalid key: ${describeIssues(parsed.error)}`);
  const { publicKey, privateKey, permissions } = parsed.data;
  return { publicKey, privateKey, permissions: permissionsOrThrow(permissions, 'Invalid key') };
}

export function parsePermissions(input: unknown): TascomiKey['permissions'] {
  return permissionsOrThrow(input, 'Invalid permissions');
}
