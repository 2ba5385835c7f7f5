/**
 * The location rule (the seed: a Service Request location is set only from a valid UPRN or USRN;
 * manual addresses are not created). Values are sent without spaces, and only when valid; the
 * connector tries the UPRN first and the street's USRN when there is no usable UPRN, so one valid
 * value is enough and an invalid other one is simply not sent.
 */
import { quote } from './sources';

interface LocationRule {
  label: string;
  pattern: RegExp;
  limit: string;
}

const RULES: ReadonlyMap<string, LocationRule> = new Map([
  ['location.uprn', { label: 'UPRN', pattern: /^\d{1,12}$/, limit: 'up to 12 digits' }],
  ['location.usrn', { label: 'USRN', pattern: /^\d{1,8}$/, limit: 'up to 8 digits' }],
]);

export const isLocationKey = (key: string | null): boolean => key !== null && RULES.has(key);

/**
 * Normalises the location values in `values` (spaces removed, invalid ones dropped) for the
 * location keys applicable rows map (`mapped`). Returns why no location can be set, or null.
 */
export function settleLocation(values: Map<string, string>, mapped: ReadonlySet<string>): string | null {
  const reasons: string[] = [];
  let usable = false;
  let any = false;
  for (const [key, rule] of RULES) {
    if (!mapped.has(key)) continue;
    any = true;
    const raw = values.get(key);
    if (raw === undefined) {
      reasons.push(`the case gave no ${rule.label}`);
      continue;
    }
    const compact = raw.replace(/\s+/g, '');
    if (rule.pattern.test(compact)) {
      values.set(key, compact);
      usable = true;
    } else {
      values.delete(key);
      reasons.push(`the ${rule.label} ${quote(raw)} is not ${rule.limit}`);
    }
  }
  return !any || usable ? null : `no valid UPRN or USRN, so no location can be set (${reasons.join('; ')})`;
}
