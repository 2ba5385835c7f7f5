/**
 * The markers around personal values: hidden by default, shown on a reveal, and values found in
 * free text (an error quoting a name back) marked once, whole, and only where they stand alone.
 */
import { describe, expect, it } from 'vitest';
import { hidePersonal, markOccurrences, markPersonal, personalValuesPattern, revealPersonal } from '../../../../electron/engine/log/personal-data';

describe('personal values in text', () => {
  it('hides a marked value by its length and reveals it as it was, escapes included', () => {
    const text = `name=${markPersonal('A⟧b\\c')}, id=7`;
    expect(hidePersonal(text)).toBe('name=[personal: 5 chars], id=7');
    expect(revealPersonal(text)).toBe('name=A⟧b\\c, id=7');
  });

  it('marks the values it is given wherever they stand alone, ignoring case, the longest first', () => {
    const pattern = personalValuesPattern(['Margaret', 'Margaret Ellison', 'nb3 4rw']);
    const text = markOccurrences('Contact MARGARET ELLISON at NB3 4RW; Margaret called.', pattern);
    expect(hidePersonal(text)).toBe('Contact [personal: 16 chars] at [personal: 7 chars]; [personal: 8 chars] called.');
    expect(revealPersonal(text)).toBe('Contact MARGARET ELLISON at NB3 4RW; Margaret called.');
  });

  it('leaves a value inside a longer word or number, and values too short to identify anyone', () => {
    const pattern = personalValuesPattern(['Ann', '21', '1234']);
    expect(markOccurrences('Annex 12345, 21 Ann Street, id 1234', pattern)).toBe(`Annex 12345, 21 ${markPersonal('Ann')} Street, id ${markPersonal('1234')}`);
    expect(personalValuesPattern(['21', ' ', 'Mr'])).toBeNull();
    expect(markOccurrences('unchanged', null)).toBe('unchanged');
  });

  it('never marks inside a marked value (no markers within markers), and takes values with regex syntax literally', () => {
    const pattern = personalValuesPattern(['Ellison', 'a.b+c(d)?']);
    const text = markOccurrences(`surname=${markPersonal('Ellison')}; again Ellison; a.b+c(d)? but not aXb+c(d)`, pattern);
    expect(text).toBe(`surname=${markPersonal('Ellison')}; again ${markPersonal('Ellison')}; ${markPersonal('a.b+c(d)?')} but not aXb+c(d)`);
  });
});
