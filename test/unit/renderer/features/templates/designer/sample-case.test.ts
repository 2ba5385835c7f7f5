import { describe, expect, it } from 'vitest';
import { CaseSchema } from '../../../../../../shared/domain/case';
import type { OfferedCase } from '../../../../../../renderer/src/features/templates/designer/CasePalette';
import { defaultSampleCase } from '../../../../../../renderer/src/features/templates/designer/sample-case';

const offer = (id: string, type: string, origin: OfferedCase['origin']): OfferedCase => ({ kase: CaseSchema.parse({ id, type }), origin });

// Newest received first, then the samples, as the designer lists them.
const OFFERED = [
  offer('FC-9', 'Food complaint', 'recent'),
  offer('FT-8', 'Fly-tipping report', 'recent'),
  offer('FT-2', 'Fly-tipping report', 'recent'),
  offer('S-FC', 'Food complaint', 'sample'),
  offer('S-FT', 'Fly-tipping report', 'sample'),
  offer('S-NC', 'Noise complaint', 'sample'),
];

describe('the sample case the designer previews first', () => {
  it('is the newest received case of a type the rules apply the template to, not the newest case', () => {
    expect(defaultSampleCase(OFFERED, ['Fly-tipping report'])).toEqual({
      offered: OFFERED[1],
      why: 'the newest Fly-tipping report case, the case type the rules apply this template to',
    });
  });

  it('matches rule types ignoring case and outer spaces, and names several types', () => {
    const choice = defaultSampleCase(OFFERED, [' fly-tipping REPORT ', 'Pest control']);
    expect(choice?.offered.kase.id).toBe('FT-8');
    expect(choice?.why).toContain('one of the case types the rules apply this template to');
  });

  it('is a sample of that type when no such case has come in', () => {
    expect(defaultSampleCase(OFFERED, ['Noise complaint'])).toEqual({
      offered: OFFERED[5],
      why: 'a sample Noise complaint case (the case type the rules apply this template to): no case of that type has come in yet',
    });
  });

  it('is the newest case when no rule applies the template, and says so', () => {
    expect(defaultSampleCase(OFFERED, [])).toEqual({ offered: OFFERED[0], why: 'the newest case; no rule applies this template yet, so any case type may be meant' });
    const samplesOnly = OFFERED.filter((o) => o.origin === 'sample');
    expect(defaultSampleCase(samplesOnly, [])?.why).toBe('a sample case: no case has come in from the CRM yet; no rule applies this template yet, so any case type may be meant');
  });

  it("is the newest case when nothing is of the rules' types, naming them", () => {
    expect(defaultSampleCase(OFFERED, ['Pest control', 'Abandoned vehicle'])?.why).toBe('the newest case; there is no Pest control or Abandoned vehicle case or sample to show');
  });

  it('says when the rules could not be read', () => {
    expect(defaultSampleCase(OFFERED, null)?.why).toBe('the newest case; the rules could not be read, so the case type this template is for is not known');
  });

  it('is none when there is no case at all', () => {
    expect(defaultSampleCase([], ['Fly-tipping report'])).toBeNull();
  });
});
