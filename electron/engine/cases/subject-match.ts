/**
 * Whether a case, or a log entry's text, names the person of a subject access request, and by
 * which of the identifiers given. Exact enough not to hand one resident another's data (a family
 * name alone, or an email at another domain, finds nothing), loose only where the same value is
 * written differently (case, accents, spaces, a phone's +44).
 *
 * Decisions
 * - A name is the given name(s) and the family name together, compared ignoring case, accents
 *   (Zoë = ZOE) and runs of spaces: a case's person whose forename and surname equal them; in free
 *   text "Given Family" or "Family, Given" as whole words; in a log entry, the two as consecutive
 *   marked values (forename=⟦Given⟧, surname=⟦Family⟧), so two people in one request do not make
 *   one. "Olamide" does not find a recorded "Olamide Grace": search the name as it was recorded.
 * - Email: equal ignoring case and surrounding spaces; in free text, the whole address (not inside
 *   a longer one: o.smith@example.net.uk is another address).
 * - Phone: equal by phoneKey (digits without the UK trunk 0 or +44/0044), however it is spaced,
 *   dashed or bracketed; in free text, not inside a longer number (no digit next to it, nor one
 *   space, dot, dash or bracket away: "1 07700 900123" may be another number).
 * - Person reference (ignoring case) and UPRN (ignoring leading zeros): a person's reference, an
 *   address's or a person's address's UPRN, a field's whole value, a whole marked value. In free
 *   text, as a whole token only when at least 6 characters long: a short one ("12") would be found
 *   in house numbers, times and ids.
 * - A case's free text is its fields' values and its summary. Address lines and postcodes are not
 *   identifiers (a household, a block of flats shares them): search by UPRN.
 * - mayName() is a quick test on the stored text (a case's JSON, an entry's texts) that rules out
 *   nearly everything before anything is parsed: it may say yes wrongly, never no wrongly (any
 *   accented or fullwidth form of the family name's letters, anything between the phone's digits;
 *   ligatures such as ﬀ, which fold to two letters, are the one exception).
 */
import type { Case } from '../../../shared/domain/case';
import { phoneKey, SUBJECT_IDENTIFIERS, type Subject, type SubjectIdentifier } from '../../../shared/domain/subject-access';
import { personalValues, revealPersonal } from '../log/personal-data';

export interface SubjectMatcher {
  /** False when the raw stored text cannot name the person; true when it may (then ask inCase or inLogTexts). */
  mayName(raw: string): boolean;
  /** The identifiers the case names the person by (none: it does not). */
  inCase(kase: Case): SubjectIdentifier[];
  /** The identifiers a log entry's stored texts (message, request, answer) name the person by. */
  inLogTexts(texts: readonly (string | null | undefined)[]): SubjectIdentifier[];
}

/** How each identifier is matched, in the words the export's summary uses. */
export const MATCHING_RULES: Record<SubjectIdentifier, string> = {
  name: 'Name: the given and family names together, ignoring case and accents: a person on a case with that forename and surname, or the whole name in a field, the summary or a log entry. A family name alone finds nothing.',
  email: 'Email: the same address ignoring case, as a person’s email or anywhere in a field, the summary or a log entry.',
  phone: 'Phone: the same number however it is written (07700 900123, +44 (0)7700 900123, 447700900123), as a person’s phone or in a field, the summary or a log entry.',
  personReference: 'Person reference: the same reference ignoring case, as a person’s reference, a field’s whole value or a value in a log entry.',
  uprn: 'UPRN: the same UPRN ignoring leading zeros, on an address or a person’s address, as a field’s whole value or a value in a log entry.',
};

/** Whole tokens in free text only from this length: shorter references and UPRNs are found only as whole values. */
const MIN_TOKEN_CHARS = 6;

/** Lower case, no accents, one space between words, one kind of apostrophe. */
export function foldName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘`´]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const uprnKey = (text: string) => text.trim().replace(/^0+(?=\d)/, '');
const plain = (text: string) => text.trim().toLowerCase();

let variants: Map<string, string> | undefined;
/**
 * The characters that fold to each of a-z (é É ê ... for e, the fullwidth ｅ), for the quick test on
 * text not folded: every character of the Basic Multilingual Plane, looked at once, at the first search.
 */
function variantsOf(letter: string): string {
  if (!variants) {
    variants = new Map();
    for (let code = 0x80; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCharCode(code);
      const base = foldName(char);
      if (base.length === 1 && base >= 'a' && base <= 'z') variants.set(base, (variants.get(base) ?? '') + char);
    }
  }
  return (variants.get(letter) ?? '').replace(/[\\\]^-]/g, '\\$&');
}

/** A folded name as a pattern over text not folded: any case, any accented form, any spaces. */
function unfoldedPattern(folded: string): string {
  return [...folded].map((c) => (c === ' ' ? '\\s+' : c === "'" ? "['’‘`´]" : /[a-z]/.test(c) ? `[${c}${variantsOf(c)}]\\p{M}*` : escape(c))).join('');
}

/** A folded name as a pattern over folded text. */
const foldedPattern = (folded: string) => folded.split(' ').map(escape).join('\\s+');

const SEPARATOR = '[\\s.()/-]{0,2}';

export function createSubjectMatcher(subject: Subject): SubjectMatcher {
  const given = subject.givenName ? foldName(subject.givenName) : undefined;
  const family = subject.familyName ? foldName(subject.familyName) : undefined;
  const name = given && family ? { given, family } : undefined;
  const email = subject.email ? plain(subject.email) : undefined;
  const phone = subject.phone ? phoneKey(subject.phone) : undefined;
  const reference = subject.personReference ? plain(subject.personReference) : undefined;
  const uprn = subject.uprn ? uprnKey(subject.uprn) : undefined;

  const quick = new RegExp(
    [name && unfoldedPattern(name.family), email && escape(email), phone && [...phone].join('\\D*'), reference && escape(reference), uprn].filter(Boolean).join('|'),
    'iu',
  );
  const inFreeText: [SubjectIdentifier, RegExp, boolean][] = [];
  if (name) {
    const [g, f] = [foldedPattern(name.given), foldedPattern(name.family)];
    inFreeText.push(['name', new RegExp(`(?<![\\p{L}\\p{N}])(?:${g}\\s+${f}|${f}\\s*,\\s*${g})(?![\\p{L}\\p{N}])`, 'u'), true]);
  }
  if (email) inFreeText.push(['email', new RegExp(`(?<![\\p{L}\\p{N}._%+'-])${escape(email)}(?![\\p{L}\\p{N}_%+'-]|\\.[\\p{L}\\p{N}])`, 'iu'), false]);
  if (phone) {
    const prefix = `(?:(?:\\+|00)?\\s?44\\s?(?:\\(0\\)\\s?)?|0)?`;
    inFreeText.push(['phone', new RegExp(`(?<!\\d${SEPARATOR})${prefix}${[...phone].join(SEPARATOR)}(?!${SEPARATOR}\\d)`, 'u'), false]);
  }
  if (reference && reference.length >= MIN_TOKEN_CHARS)
    inFreeText.push(['personReference', new RegExp(`(?<![\\p{L}\\p{N}_/-])${escape(reference)}(?![\\p{L}\\p{N}_/-])`, 'iu'), false]);
  if (uprn && uprn.length >= MIN_TOKEN_CHARS) inFreeText.push(['uprn', new RegExp(`(?<!\\d)0*${uprn}(?!\\d)`, 'u'), false]);

  /** What free text (a field, a summary, an entry's text) names the person by. */
  const searchText = (text: string, found: Set<SubjectIdentifier>) => {
    let folded: string | undefined;
    for (const [identifier, pattern, onFolded] of inFreeText) {
      if (found.has(identifier)) continue;
      if (pattern.test(onFolded ? (folded ??= foldName(text)) : text)) found.add(identifier);
    }
  };
  /** A whole value: a field's, or a marked value in a log entry. */
  const wholeValue = (value: string, found: Set<SubjectIdentifier>) => {
    if (reference && plain(value) === reference) found.add('personReference');
    if (uprn && /^\s*\d+\s*$/.test(value) && uprnKey(value) === uprn) found.add('uprn');
  };
  const ordered = (found: Set<SubjectIdentifier>) => SUBJECT_IDENTIFIERS.filter((i) => found.has(i));

  return {
    mayName: (raw) => quick.test(raw),
    inCase(kase) {
      const found = new Set<SubjectIdentifier>();
      for (const p of kase.people ?? []) {
        if (name && p.forename && p.surname && foldName(p.forename) === name.given && foldName(p.surname) === name.family) found.add('name');
        if (email && p.email && plain(p.email) === email) found.add('email');
        if (phone && p.phone && phoneKey(p.phone) === phone) found.add('phone');
        if (reference && p.reference && plain(p.reference) === reference) found.add('personReference');
        if (uprn && p.address?.uprn && uprnKey(p.address.uprn) === uprn) found.add('uprn');
      }
      for (const a of kase.addresses ?? []) if (uprn && a.uprn && uprnKey(a.uprn) === uprn) found.add('uprn');
      for (const value of Object.values(kase.fields ?? {})) {
        if (typeof value !== 'string' && typeof value !== 'number') continue;
        wholeValue(String(value), found);
        searchText(String(value), found);
      }
      if (kase.summary) searchText(kase.summary, found);
      return ordered(found);
    },
    inLogTexts(texts) {
      const found = new Set<SubjectIdentifier>();
      for (const raw of texts) {
        if (!raw) continue;
        searchText(revealPersonal(raw), found);
        const values = personalValues(raw);
        for (const [i, value] of values.entries()) {
          wholeValue(value, found);
          const next = values[i + 1];
          if (name && next !== undefined) {
            const [a, b] = [foldName(value), foldName(next)];
            if ((a === name.given && b === name.family) || (a === name.family && b === name.given)) found.add('name');
          }
        }
      }
      return ordered(found);
    },
  };
}
