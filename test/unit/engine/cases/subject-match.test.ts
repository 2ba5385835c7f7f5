/**
 * The rules that decide whether a case or a log entry names the person of a subject access
 * request: the same value written differently is found, a value one step away is not, and the
 * quick test on stored text never rules out what the exact match would find.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../../../shared/domain/case';
import { SubjectSchema, type Subject } from '../../../../shared/domain/subject-access';
import { createSubjectMatcher, foldName } from '../../../../electron/engine/cases/subject-match';
import { markPersonal } from '../../../../electron/engine/log/personal-data';
import { FUZZ_SEED } from '../../../support/boundary-arbitraries';

const subject = (s: Partial<Subject>): Subject => SubjectSchema.parse(s);
const kase = (more: Partial<Case>): Case => ({ id: 'C-1', type: 'Noise', status: 'open', fields: {}, dates: {}, people: [], addresses: [], references: {}, ...more });
const inText = (s: Partial<Subject>, text: string) => createSubjectMatcher(subject(s)).inCase(kase({ summary: text }));

describe('a name', () => {
  const zoe = { givenName: 'Zoë', familyName: "O'Brien-Okafor" };
  it.each([
    ['the same', { forename: 'Zoë', surname: "O'Brien-Okafor" }],
    ['in capitals, without the accent, a curly apostrophe', { forename: 'ZOE', surname: 'O’BRIEN-OKAFOR' }],
    ['with the accent decomposed and spaces around', { forename: ' Zoe\u0308 ', surname: "o'brien-okafor" }],
  ])('is found on a person: %s', (_, person) => {
    expect(createSubjectMatcher(subject(zoe)).inCase(kase({ people: [{ role: 'caller', ...person }] }))).toEqual(['name']);
  });

  it.each([
    ['the family name alone', { surname: "O'Brien-Okafor" }],
    ['another given name', { forename: 'Zoey', surname: "O'Brien-Okafor" }],
    ['a longer given name', { forename: 'Zoë Grace', surname: "O'Brien-Okafor" }],
    ['half the family name', { forename: 'Zoë', surname: 'Okafor' }],
  ])('is not found on a person with %s', (_, person) => {
    expect(createSubjectMatcher(subject(zoe)).inCase(kase({ people: [{ role: 'caller', ...person }] }))).toEqual([]);
  });

  it('in free text: as whole words, given then family or "Family, Given"', () => {
    const s = { givenName: 'Zoë', familyName: 'Okafor' };
    expect(inText(s, 'Reported by Zoe  Okafor.')).toEqual(['name']);
    expect(inText(s, 'OKAFOR, ZOË called again')).toEqual(['name']);
    expect(inText(s, 'Zoë Okaforth called')).toEqual([]);
    expect(inText(s, 'Chloë Okafor called')).toEqual([]);
    expect(inText(s, 'Zoë and Chidi Okafor')).toEqual([]);
  });

  it('in a log entry: the given and family names as consecutive marked values, not one from each of two people', () => {
    const m = createSubjectMatcher(subject({ givenName: 'Zoë', familyName: 'Okafor' }));
    expect(m.inLogTexts([`forename=${markPersonal('Zoe')}, surname=${markPersonal('OKAFOR')}`])).toEqual(['name']);
    expect(m.inLogTexts([`surname=${markPersonal('Okafor')}, forename=${markPersonal('Zoë')}`])).toEqual(['name']);
    expect(m.inLogTexts([`forename=${markPersonal('Zoe')}, surname=${markPersonal('Smith')}, other=${markPersonal('Chidi')}, surname2=${markPersonal('Okafor')}`])).toEqual([]);
    expect(m.inLogTexts([`surname=${markPersonal('Okafor')}&postcode=${markPersonal('EX1 1AA')}`])).toEqual([]);
  });
});

describe('an email', () => {
  const email = { email: 'zoe.okafor@example.org' };
  it('is found as a person’s email ignoring case and spaces, and as a whole address in text', () => {
    expect(createSubjectMatcher(subject(email)).inCase(kase({ people: [{ role: 'caller', email: ' Zoe.Okafor@EXAMPLE.org ' }] }))).toEqual(['email']);
    expect(inText(email, 'Write to <Zoe.Okafor@example.org>.')).toEqual(['email']);
    expect(inText(email, 'mailto:zoe.okafor@example.org')).toEqual(['email']);
  });
  it.each([['mr.zoe.okafor@example.org'], ['zoe.okafor@example.org.uk'], ['zoe.okafor@example.organic'], ['xzoe.okafor@example.org']])('is not found inside %s', (other) => {
    expect(inText(email, `Write to ${other} today`)).toEqual([]);
    expect(createSubjectMatcher(subject(email)).inCase(kase({ people: [{ role: 'caller', email: other }] }))).toEqual([]);
  });
});

describe('a phone number', () => {
  const phone = { phone: '07700 900123' };
  it.each([['07700900123'], ['+44 7700 900123'], ['+44 (0)7700 900 123'], ['0044 7700-900-123'], ['447700900123'], ['(07700) 900123']])('is found written %s', (written) => {
    expect(createSubjectMatcher(subject(phone)).inCase(kase({ people: [{ role: 'caller', phone: written }] }))).toEqual(['phone']);
    expect(inText(phone, `Call ${written} after six.`)).toEqual(['phone']);
  });
  it.each([['07700 900124'], ['07700 9001234'], ['1 07700 900123'], ['+1 7700 900123'], ['07700 900123 5']])('is not found in the text %s', (written) => {
    expect(inText(phone, `Call ${written} after six.`)).toEqual([]);
  });
  it('is the same number typed any of those ways', () => {
    expect(createSubjectMatcher(subject({ phone: '+44 (0) 7700 900-123' })).inCase(kase({ people: [{ role: 'caller', phone: '07700900123' }] }))).toEqual(['phone']);
  });
});

describe('a person reference and a UPRN', () => {
  it('are found as whole values ignoring case and leading zeros, and not one character off', () => {
    const m = createSubjectMatcher(subject({ personReference: 'cx-42', uprn: '123' }));
    expect(m.inCase(kase({ people: [{ role: 'tenant', reference: 'CX-42 ', address: { uprn: '000123', lines: [] } }] }))).toEqual(['personReference', 'uprn']);
    expect(m.inCase(kase({ fields: { tenant_ref: 'CX-42', site_uprn: 123 } }))).toEqual(['personReference', 'uprn']);
    expect(m.inCase(kase({ people: [{ role: 'tenant', reference: 'CX-421' }], addresses: [{ role: 'site', uprn: '1234', lines: [] }] }))).toEqual([]);
    expect(m.inLogTexts([`reference=${markPersonal('cx-42')}&uprn=${markPersonal('0123')}`])).toEqual(['personReference', 'uprn']);
  });
  it('are found in free text only as whole tokens of at least 6 characters: a short one would be found in house numbers and ids', () => {
    expect(inText({ uprn: '123' }, 'Flat 123, Mill Road')).toEqual([]);
    expect(inText({ personReference: 'CX-42' }, 'see CX-42')).toEqual([]);
    expect(inText({ uprn: '100023336956' }, 'UPRN 0100023336956 (the flat)')).toEqual(['uprn']);
    expect(inText({ uprn: '100023336956' }, 'UPRN 1000233369567')).toEqual([]);
    expect(inText({ personReference: 'PER-778899' }, 'ref PER-778899.')).toEqual(['personReference']);
    expect(inText({ personReference: 'PER-778899' }, 'ref PER-778899-2')).toEqual([]);
  });
});

describe('the quick test on stored text', () => {
  it('never rules out a case the exact match finds, whatever the case, accents and separators', () => {
    const letters = fc.constantFrom(...'abcdeilnorsuz');
    const word = fc.array(letters, { minLength: 2, maxLength: 8 }).map((l) => l.join(''));
    const accent = (text: string, flags: boolean[]) =>
      [...text].map((c, i) => (flags[i % flags.length] ? ({ a: 'Á', e: 'é', i: 'Ï', o: 'o\u0308', u: 'Ü', z: 'Ž' }[c] ?? c.toUpperCase()) : c)).join('');
    const separated = (digits: string, seps: string[]) => [...digits].map((d, i) => d + (seps[i % seps.length] ?? '')).join('');
    fc.assert(
      fc.property(
        word,
        word,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.stringMatching(/^7\d{9}$/),
        fc.array(fc.constantFrom('', '', ' ', '-', '.', ' ('), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('0', '+44 ', '+44 (0)', '0044', '44'),
        (given, family, flags, national, seps, prefix) => {
          const m = createSubjectMatcher(subject({ givenName: given, familyName: family, phone: `0${national}` }));
          // Each identifier's quick test alone: together, one could hide the other's mistake.
          const byName = createSubjectMatcher(subject({ givenName: given, familyName: family }));
          const byPhone = createSubjectMatcher(subject({ phone: `0${national}` }));
          const stored = kase({
            people: [{ role: 'caller', forename: accent(given, flags), surname: accent(family, flags.slice().reverse()), phone: `${prefix}${separated(national, seps)}` }],
          });
          expect(m.inCase(stored)).toEqual(['name', 'phone']);
          expect(byName.mayName(JSON.stringify(stored))).toBe(true);
          expect(byPhone.mayName(JSON.stringify(stored))).toBe(true);
          const entry = `${accent(given, flags)} ${accent(family, flags)} rang from ${prefix}${separated(national, seps)}`;
          expect(m.inLogTexts([entry])).toEqual(['name', 'phone']);
          expect(byName.mayName(entry)).toBe(true);
          expect(byPhone.mayName(entry)).toBe(true);
        },
      ),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
  }, 30_000); // 300 generated cases: a few seconds on a loaded machine

  it('rules out text that names nobody by the identifiers', () => {
    const m = createSubjectMatcher(
      subject({ givenName: 'Zoë', familyName: 'Okafor', email: 'zoe@example.org', phone: '07700 900123', personReference: 'CX-42', uprn: '100023336956' }),
    );
    expect(m.mayName(JSON.stringify(kase({ people: [{ role: 'caller', forename: 'Chidi', surname: 'Eze', email: 'chidi@example.org', phone: '07700 900999' }] })))).toBe(false);
    expect(m.mayName('The tascomi queue can send again; 12 job(s) waiting.')).toBe(false);
  });

  it('folds names as the match compares them', () => {
    expect(foldName('  ZOË   O’Brien ')).toBe("zoe o'brien");
  });
});
