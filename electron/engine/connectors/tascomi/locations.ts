/**
 * The Service Request location, from Tascomi's dtf_locations only (the seed: manual addresses are
 * not created): a UPRN names a property (the record with that uprn); a USRN names a street (the
 * record with that usrn whose pao_text is the "Street Record text" setting, default
 * STREET RECORD: a street's USRN is also on every property in it, so the text must match).
 * The UPRN is tried first; the USRN when there is no usable UPRN. When neither gives a location the
 * error names what was wrong with each, and is a validation failure (not retried).
 */
import { ConnectorError } from '../errors';
import type { TascomiClient, TascomiRecord } from './client';
import { parseTascomiBoolean, type TascomiValue } from './form';
import { hasValue } from './contacts';

export const LOCATIONS_TABLE = 'dtf_locations';
export const DEFAULT_STREET_RECORD_TEXT = 'STREET RECORD';

export interface LocationInput {
  uprn?: TascomiValue;
  usrn?: TascomiValue;
}

export interface LocationResolution {
  locationId: string;
  kind: 'property' | 'street';
  uprn?: string;
  usrn?: string;
  /** Why the UPRN was not used when the street was (for the log). */
  note?: string;
}

export interface LocationDeps {
  client: Pick<TascomiClient, 'list' | 'listAll'>;
  /** The "Street Record text" setting. */
  streetRecordText?: string;
}

const UPRN = /^\d{1,12}$/;
const USRN = /^\d{1,8}$/;

function digits(value: TascomiValue): string {
  return String(value).replace(/\s+/g, '');
}

/** Prefer a live record over a ceased one. */
function pickLive(records: TascomiRecord[]): TascomiRecord | undefined {
  return records.find((r) => parseTascomiBoolean(r.ceased) !== true) ?? records[0];
}

async function byUprn(deps: LocationDeps, uprn: string): Promise<TascomiRecord | undefined> {
  const page = await deps.client.list(LOCATIONS_TABLE, { uprn });
  return pickLive(page.items.filter((r) => !('uprn' in r) || String(r.uprn ?? '') === uprn));
}

async function streetRecord(deps: LocationDeps, usrn: string, text: string): Promise<TascomiRecord | undefined> {
  const wanted = text.trim().toLowerCase();
  // Filtering on pao_text too keeps this to one page on a long street; checked again here.
  const { items } = await deps.client.listAll(LOCATIONS_TABLE, { usrn, pao_text: text }, { maxPages: 10 });
  return pickLive(
    items.filter(
      (r) =>
        String(r.usrn ?? usrn) === usrn &&
        String(r.pao_text ?? '')
          .trim()
          .toLowerCase() === wanted,
    ),
  );
}

export async function resolveLocation(deps: LocationDeps, input: LocationInput): Promise<LocationResolution> {
  const text = deps.streetRecordText?.trim() || DEFAULT_STREET_RECORD_TEXT;
  const problems: Record<string, string> = {};
  const uprnGiven = hasValue(input.uprn);
  const usrnGiven = hasValue(input.usrn);

  if (!uprnGiven && !usrnGiven) {
    throw new ConnectorError({
      kind: 'validation',
      connector: 'tascomi',
      fields: { location: 'neither a UPRN nor a USRN has a value' },
      message:
        'The Service Request location needs a UPRN or a USRN, and this case has neither. Tascomi locations cannot be created from a written address; map a UPRN or USRN, or remove the location mappings. This will not be retried.',
    });
  }

  if (uprnGiven) {
    const uprn = digits(input.uprn);
    if (!UPRN.test(uprn)) problems['location.uprn'] = `"${String(input.uprn)}" is not a UPRN (up to 12 digits)`;
    else {
      const found = await byUprn(deps, uprn);
      if (found) return { locationId: found.id, kind: 'property', uprn };
      problems['location.uprn'] = `no location in Tascomi has UPRN ${uprn}`;
    }
  }

  if (usrnGiven) {
    const usrn = digits(input.usrn);
    if (!USRN.test(usrn)) problems['location.usrn'] = `"${String(input.usrn)}" is not a USRN (up to 8 digits)`;
    else {
      const found = await streetRecord(deps, usrn, text);
      if (found) return { locationId: found.id, kind: 'street', usrn, note: problems['location.uprn'] };
      problems['location.usrn'] = `no location in Tascomi has USRN ${usrn} with the Street Record text "${text}"`;
    }
  }

  throw new ConnectorError({
    kind: 'validation',
    connector: 'tascomi',
    fields: problems,
    message: `The Service Request location could not be set: ${Object.values(problems).join('; ')}. Check the case's address and, for a street, the Street Record text setting. This will not be retried.`,
  });
}
