/**
 * What identifies the person of a subject access request: a phone number's key (the same number
 * however it is written), and the identifiers the console may send (empty ones are not given).
 */
import { describe, expect, it } from 'vitest';
import { countsInWords, phoneKey, SubjectSchema } from '../../../../shared/domain/subject-access';

describe('phoneKey', () => {
  it.each([
    ['07700 900123', '7700900123'],
    ['+44 7700 900123', '7700900123'],
    ['+44 (0)7700 900123', '7700900123'],
    ['0044 7700 900123', '7700900123'],
    ['447700900123', '7700900123'],
    ['020 7946 0123', '2079460123'],
    ['+33 6 12 34 56 78', '33612345678'],
    // A national number that happens to start 44 keeps it: only 11 digits or more start with a country code.
    ['4412 3456', '44123456'],
  ])('%s is %s', (written, key) => {
    expect(phoneKey(written)).toBe(key);
  });
});

describe('countsInWords', () => {
  it('says what was found in words', () => {
    expect(countsInWords({ cases: 1, jobs: 0, logEntries: 1, logEntriesWithoutCase: 1 })).toBe('1 case, 0 jobs and 1 log entry (1 without a case)');
    expect(countsInWords({ cases: 5, jobs: 5, logEntries: 1044, logEntriesWithoutCase: 2 })).toBe('5 cases, 5 jobs and 1,044 log entries (2 without a case)');
  });
});

describe('SubjectSchema', () => {
  it('trims the identifiers and treats empty ones as not given', () => {
    expect(SubjectSchema.parse({ email: '  zoe@example.org ', phone: '' })).toEqual({
      givenName: '',
      familyName: '',
      email: 'zoe@example.org',
      phone: '',
      personReference: '',
      uprn: '',
    });
  });

  it('says which identifier is wrong, and when none is given', () => {
    const paths = (input: unknown) => SubjectSchema.safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(paths({})).toEqual(['']);
    expect(paths({ givenName: 'Zoë', uprn: '12 34' })).toEqual(['familyName', 'uprn']);
    expect(paths({ phone: '+44 (0) 7700 900123' })).toBeUndefined();
  });
});
