/**
 * The assumed rules as knobs (types.ts AssumedRules): strict by default, relaxed one by one from
 * options, `/__admin/assumed` or `--relax`, and validated on the way in so a typo fails loudly.
 */
import { z } from 'zod';
import { describeIssues } from './faults';
import type { AssumedRules } from './types';

export const STRICT_ASSUMED: Readonly<AssumedRules> = Object.freeze({
  requiredServiceRequestFields: true,
  flagsOnlyTOrF: true,
  fullDateTimesOnly: true,
  fieldNamePattern: true,
  missingIdUpdateIs404: true,
  queryStringFields: 'refuse',
});

/** The boolean rules, by name (what `--relax` accepts). */
export const RELAXABLE_RULES = Object.keys(STRICT_ASSUMED).filter((name) => typeof STRICT_ASSUMED[name as keyof AssumedRules] === 'boolean') as Exclude<
  keyof AssumedRules,
  'queryStringFields'
>[];

const assumedSchema = z
  .strictObject({
    ...Object.fromEntries(RELAXABLE_RULES.map((name) => [name, z.boolean()])),
    queryStringFields: z.enum(['refuse', 'accept']),
  })
  .partial();

export function parseAssumed(input: unknown): Partial<AssumedRules> {
  const parsed = assumedSchema.safeParse(input);
  if (!parsed.success) throw new Error(`Invalid assumed rules: ${describeIssues(parsed.error)}`);
  return parsed.data as Partial<AssumedRules>;
}
