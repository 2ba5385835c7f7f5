/** The access table's cells and verdict in words: how each result is known is a mark and a word, never colour alone. */
import { describe, expect, it } from 'vitest';
import { accessCell, accessTitle, confirmationWillCreate, hasInferred, INFERRED_EXPLAINED } from '../../../../../renderer/src/features/connections/api-access-view';
import type { ApiAccessResult, ApiAccessRow } from '../../../../../shared/domain/tascomi';

const seen = { known: 'confirmed' as const, how: 'Tascomi listed page 1 of complaints.' };
const guessed = { known: 'inferred' as const, how: 'The write probe was not refused with 403.' };
const row = (patch: Partial<ApiAccessRow> = {}): ApiAccessRow => ({
  table: 'complaints',
  label: 'Service Requests',
  view: true,
  createUpdate: true,
  required: { view: true, createUpdate: true },
  lacking: false,
  viewBasis: seen,
  createUpdateBasis: guessed,
  ...patch,
});

describe('an access cell', () => {
  it('marks a seen result "✓ confirmed" and an inferred one "? inferred", with how it is known', () => {
    expect(accessCell(true, true, seen)).toEqual({ answer: 'yes', color: 'green', known: 'confirmed', mark: '✓ confirmed', how: seen.how });
    expect(accessCell(false, true, guessed)).toEqual({ answer: 'missing', color: 'red', known: 'inferred', mark: '? inferred', how: guessed.how });
  });

  it('has no mark where nothing was checked or nothing is needed', () => {
    expect(accessCell(null, true)).toEqual({ answer: 'not checked', color: 'gray' });
    expect(accessCell(null, false)).toEqual({ answer: 'not needed', color: 'gray' });
    expect(accessCell(false, false, guessed)).toMatchObject({ answer: 'no (not needed)', color: 'gray', mark: '? inferred' });
  });
});

describe('the access verdict', () => {
  const result = (rows: ApiAccessRow[], patch: Partial<ApiAccessResult> = {}): ApiAccessResult => ({ ok: true, rows, ...patch });

  it('says when an ok verdict rests on inference, and when every result was seen', () => {
    expect(hasInferred(result([row()]))).toBe(true);
    expect(accessTitle(result([row()]))).toMatch(/appears to have all the access .* inferred, not seen/);
    const allSeen = result([row({ createUpdateBasis: { known: 'confirmed', how: 'Created complaints record 7 ...' } })]);
    expect(hasInferred(allSeen)).toBe(false);
    expect(accessTitle(allSeen)).toBe('The API key has all the access the integration needs (every result seen)');
  });

  it('a failed verdict is its reason; a check that could not run says so', () => {
    expect(accessTitle(result([row({ lacking: true })], { ok: false, reason: 'The API key lacks ...' }))).toBe('The API key lacks ...');
    expect(accessTitle(result([row({ lacking: true })], { ok: false }))).toBe('The API key lacks access to 1 table: ask Tascomi to grant it');
    expect(accessTitle(result([], { ok: false, reason: 'Tascomi refused the API keys' }))).toBe('API access could not be checked: Tascomi refused the API keys');
  });

  it('explains what inferred means and how to confirm it', () => {
    expect(INFERRED_EXPLAINED).toMatch(/"\? inferred" means .* no public Tascomi documentation .* Start "Confirm write access"/);
  });
});

describe('the confirmation question', () => {
  it('names the live system, exactly what it creates, and that it stays there', () => {
    const text = confirmationWillCreate('https://my-council.idoxcloud.com/rest').join(' ');
    expect(text).toMatch(/live Tascomi system at https:\/\/my-council\.idoxcloud\.com\/rest/);
    expect(text).toMatch(/one contact named "casebridge access check" with the reference CASEBRIDGE-ACCESS-CHECK-/);
    expect(text).toMatch(/one Service Request whose remarks say it is a casebridge API access check/);
    expect(text).toMatch(/casebridge never deletes: both records stay in Tascomi/);
  });
});
