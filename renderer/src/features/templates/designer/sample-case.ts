/**
 * Which case the designer previews first. The newest case of any type misleads (a food complaint
 * for a fly-tipping template), so the rules decide: they say which case types use the template.
 *
 * Decisions:
 * - Cases received from the CRM (newest first) before the shipped samples, of a type the rules
 *   apply this template to (types compared ignoring case and outer spaces, as the rules match them).
 * - No such case or sample: the newest case offered, and the reason says why it is not of the type.
 * - The reason is a sentence for the admin; the person's own pick always wins (see use-sample-case).
 */
import type { OfferedCase } from './CasePalette';

export interface SampleChoice {
  offered: OfferedCase;
  /** Why this case is shown, e.g. "the newest Fly-tipping report case, the case type the rules apply this template to". */
  why: string;
}

const normal = (type: string) => type.trim().toLowerCase();

function listTypes(types: readonly string[]): string {
  return types.length === 1 ? types[0]! : `${types.slice(0, -1).join(', ')} or ${types.at(-1)!}`;
}

/**
 * `ruleTypes`: the case types of the rules that apply this template (none for a new template or an
 * unused one); null when the rules could not be read.
 */
export function defaultSampleCase(offered: readonly OfferedCase[], ruleTypes: readonly string[] | null): SampleChoice | null {
  const types = [...new Map((ruleTypes ?? []).map((t) => [normal(t), t.trim()])).values()];
  const wanted = new Set(types.map(normal));
  const ofType = (origin: OfferedCase['origin']) => offered.find((c) => c.origin === origin && wanted.has(normal(c.kase.type)));
  const plural = types.length === 1 ? 'the case type the rules apply this template to' : 'one of the case types the rules apply this template to';

  const received = ofType('recent');
  if (received) return { offered: received, why: `the newest ${received.kase.type} case, ${plural}` };
  const sample = ofType('sample');
  if (sample) return { offered: sample, why: `a sample ${sample.kase.type} case (${plural}): no case of that type has come in yet` };

  const first = offered[0];
  if (!first) return null;
  const shown = first.origin === 'recent' ? 'the newest case' : 'a sample case: no case has come in from the CRM yet';
  if (ruleTypes === null) return { offered: first, why: `${shown}; the rules could not be read, so the case type this template is for is not known` };
  if (types.length === 0) return { offered: first, why: `${shown}; no rule applies this template yet, so any case type may be meant` };
  return { offered: first, why: `${shown}; there is no ${listTypes(types)} case or sample to show` };
}
