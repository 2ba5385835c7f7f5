import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, exportFileName, matchedInWords, placeIssues, searchInput } from '../../../../../renderer/src/features/subject-access/subject-access-form';

describe('the Subject access form', () => {
  it('sends every identifier as typed, and the reason beside them', () => {
    expect(searchInput({ ...EMPTY_FORM, email: ' zoe@example.org ', reason: 'SAR 114' })).toEqual({
      subject: { givenName: '', familyName: '', email: ' zoe@example.org ', phone: '', personReference: '', uprn: '' },
      reason: 'SAR 114',
    });
  });

  it('places the engine’s issues on the fields they name; the rest are about the form', () => {
    expect(
      placeIssues([
        { path: 'subject.givenName', message: 'give the given name with the family name' },
        { path: 'reason', message: 'say why' },
        { path: 'subject', message: 'name the person by at least one of: ...' },
        { path: 'subject.nino', message: 'not a field here' },
      ]),
    ).toEqual({ fields: { givenName: 'give the given name with the family name', reason: 'say why' }, general: ['name the person by at least one of: ...', 'not a field here'] });
  });

  it('says by what a case was found in words', () => {
    expect(matchedInWords(['name', 'personReference', 'uprn'])).toBe('name, person reference, UPRN');
  });

  it('names the file by the time, never by the person', () => {
    expect(exportFileName(new Date(2026, 2, 2, 14, 5))).toBe('subject-access-2026-03-02-1405.json');
  });
});
