/**
 * Believable demo data for a fictional borough (Northbridge, postcodes NB1-NB4). Code lists are
 * fixed, so their ids are stable for tests; addresses, contacts and Service Requests come from the
 * seeded PRNG, so the same seed gives the same data (dates are relative to the server's clock).
 */
import { DateTime } from 'luxon';
import { intBetween, pick, seededRandom, type Random } from './prng';
import { DATE_TIME_FORMAT, type Store } from './store';

/** Facts about the demo data that tests and the demo mode want without searching for them. */
export interface DemoFacts {
  /** The non-officer admin: the user API writes are recorded against. */
  adminUserId: string;
  disabledOfficerId: string;
  enabledOfficerIds: string[];
  /** A user who is neither an officer nor enabled. */
  disabledUserId: string;
  /** A complaint code that is ceased (rejected by validation); the first of them. */
  ceasedComplaintCodeId: string;
  /** Two contacts share this reference (the "several matches" rule). */
  duplicateContactReference: string;
  /** References held by exactly one contact. */
  uniqueContactReferences: string[];
  /** A USRN with two records without UPRN: one 'STREET RECORD', one not (listed first). */
  sharedUsrn: string;
  streetRecordText: 'STREET RECORD';
  /** Some property UPRNs. */
  sampleUprns: string[];
  /** A ceased complaint: updating it answers {"id": 0}. */
  ceasedComplaintId: string;
}

const CODE_LIST_DATE = '2019-04-01 09:00:00';

const CORE_FUNCTIONS: [code: string, description: string][] = [
  ['EH', 'Environmental Health'],
  ['TS', 'Trading Standards'],
  ['LIC', 'Licensing'],
  ['PEST', 'Pest Control'],
  ['SS', 'Street Scene'],
  ['PH', 'Port Health'],
];

// [code, description, core function id, ceased]
const COMPLAINT_CODES: [string, string, number, boolean?][] = [
  ['NOISE', 'Domestic noise', 1],
  ['NOISECOM', 'Commercial or industrial noise', 1],
  ['ODOUR', 'Odour nuisance', 1],
  ['BONFIRE', 'Smoke from bonfires', 1],
  ['FOODCOMP', 'Food complaint', 1],
  ['FOODHYG', 'Food hygiene concern at premises', 1],
  ['HOUSING', 'Private rented housing disrepair', 1],
  ['ROGUE', 'Rogue trader / doorstep crime', 2],
  ['COUNTERF', 'Counterfeit goods', 2],
  ['UNDERAGE', 'Underage sales', 2],
  ['SCAM', 'Scam mail or calls', 2],
  ['LICBREACH', 'Breach of premises licence conditions', 3],
  ['TAXI', 'Taxi or private hire complaint', 3],
  ['STREETTR', 'Unlicensed street trading', 3],
  ['PEST', 'Rats / mice', 4],
  ['WASPS', 'Wasps nest', 4],
  ['BEDBUGS', 'Bed bugs', 4],
  ['FLYTIP', 'Fly-tipping', 5],
  ['GRAFFITI', 'Graffiti', 5],
  ['DOGFOUL', 'Dog fouling', 5],
  ['ABANDVEH', 'Abandoned vehicle', 5],
  ['IMPFOOD', 'Imported food concern', 6],
  ['NOISEOLD', 'Noise (old code, use NOISE)', 1, true],
  ['DOORSTEP', 'Doorstep selling (old code, use ROGUE)', 2, true],
];

// [username, firstname, surname, officer, enabled]
const USERS: [string, string, string, 't' | 'f', 't' | 'f'][] = [
  ['pshah', 'Priya', 'Shah', 't', 't'],
  ['thughes', 'Tom', 'Hughes', 't', 't'],
  ['aokafor', 'Aisha', 'Okafor', 't', 't'],
  ['glewis', 'Gareth', 'Lewis', 't', 't'],
  ['hmurphy', 'Hannah', 'Murphy', 't', 't'],
  ['dkowalski', 'Daniel', 'Kowalski', 't', 't'],
  ['fmacleod', 'Fiona', 'MacLeod', 't', 't'],
  ['sadeyemi', 'Samuel', 'Adeyemi', 't', 't'],
  ['rgreen', 'Robert', 'Green', 't', 'f'], // an officer who has left: disabled
  ['cbennett', 'Claire', 'Bennett', 'f', 't'], // system admin, not an officer
  ['jpatel', 'Jasmine', 'Patel', 'f', 'f'], // a clerk who has left: neither an officer nor enabled
];

const ORGANIZATIONAL_UNITS: [string, string][] = [
  ['EP', 'Environmental Protection'],
  ['FS', 'Food & Safety'],
  ['TS', 'Trading Standards'],
  ['LIC', 'Licensing'],
  ['PC', 'Pest Control'],
  ['SSE', 'Street Scene Enforcement'],
  ['PH', 'Port Health'],
];

const REPORTING_METHODS: [string, string][] = [
  ['PHONE', 'Phone'],
  ['EMAIL', 'Email'],
  ['WEB', 'Web form'],
  ['PERSON', 'In person'],
];
/** Reporting methods no longer offered (ceased); after REPORTING_METHODS, so their ids follow. */
const CEASED_REPORTING_METHODS: [string, string][] = [['FAX', 'Fax']];

/** Code entries created before Tascomi kept `last_updated` (public: some records have it null). */
const NEVER_UPDATED_CODES = new Set(['PH', 'NFA', 'REF']);

const REQUEST_CATEGORIES: [string, string][] = [
  ['COMP', 'Complaint'],
  ['SR', 'Service request'],
  ['ENQ', 'Enquiry'],
  ['ADV', 'Advice request'],
  ['REF', 'Referral from partner agency'],
];

const TITLES: [string, string][] = [
  ['MR', 'Mr'],
  ['MRS', 'Mrs'],
  ['MS', 'Ms'],
  ['MISS', 'Miss'],
  ['DR', 'Dr'],
  ['MX', 'Mx'],
];
/** Titles Tascomi still lists but has switched off (`enabled` = 'f'); after TITLES, so their ids follow. */
const DISABLED_TITLES: [string, string][] = [['REVD', 'Reverend (disabled)']];

const ACTIONS_REQUIRED: [string, string][] = [
  ['INV', 'Investigate'],
  ['VISIT', 'Visit required'],
  ['LETTER', 'Send letter'],
  ['ADVICE', 'Advice given'],
  ['REFER', 'Refer to partner agency'],
  ['NFA', 'No further action'],
];

// [street name, locality, postcode district]
const STREETS: [string, string, string][] = [
  ['HIGH STREET', 'TOWN CENTRE', 'NB1'],
  ['STATION ROAD', 'TOWN CENTRE', 'NB1'],
  ['MARKET PLACE', 'TOWN CENTRE', 'NB1'],
  ['BRIDGE STREET', 'TOWN CENTRE', 'NB1'],
  ['CHURCH LANE', 'OLD TOWN', 'NB2'],
  ['CHAPEL STREET', 'OLD TOWN', 'NB2'],
  ['MILL LANE', 'OLD TOWN', 'NB2'],
  ['ALBERT STREET', 'OLD TOWN', 'NB2'],
  ['VICTORIA ROAD', 'WESTFIELD', 'NB3'],
  ['QUEENS ROAD', 'WESTFIELD', 'NB3'],
  ['KINGS ROAD', 'WESTFIELD', 'NB3'],
  ['WESTFIELD ROAD', 'WESTFIELD', 'NB3'],
  ['PARK AVENUE', 'WESTFIELD', 'NB3'],
  ['ORCHARD CLOSE', 'HOLLYBANK', 'NB4'],
  ['HOLLY CRESCENT', 'HOLLYBANK', 'NB4'],
  ['BEECH DRIVE', 'HOLLYBANK', 'NB4'],
  ['ELM GROVE', 'HOLLYBANK', 'NB4'],
  ['MANOR WAY', 'HOLLYBANK', 'NB4'],
  ['THE GREEN', 'HOLLYBANK', 'NB4'],
  ['SPRINGFIELD ROAD', 'HOLLYBANK', 'NB4'],
  ['NEW STREET', 'TOWN CENTRE', 'NB1'],
  ['RIVERSIDE WALK', 'OLD TOWN', 'NB2'],
  ['CEDAR COURT', 'WESTFIELD', 'NB3'],
];
/** The street whose USRN also has a non-street record without a UPRN. */
const SHARED_USRN_STREET = 'CANAL TOWPATH';

const HOUSE_NAMES = ['ROSE COTTAGE', 'THE OLD FORGE', 'IVY HOUSE', 'WILLOW LODGE', 'THE COACH HOUSE', 'HILLCREST'];
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const FIRST_NAMES = ['Oliver', 'Amelia', 'Mohammed', 'Isla', 'George', 'Ava', 'Arthur', 'Mia', 'Noah', 'Grace', 'Leo', 'Freya', 'Harry', 'Zara', 'Jack', 'Sophie'];
const SURNAMES = ['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Patel', 'Khan', 'Roberts', 'Walker', 'Wright', 'Robinson'];

function codeList(store: Store, table: Parameters<Store['insert']>[0], rows: [string, string][], adminId: string, extra: Record<string, unknown> = {}): void {
  for (const [code, description] of rows) {
    store.insert(table, { code, description, submit_date: CODE_LIST_DATE, last_updated: NEVER_UPDATED_CODES.has(code) ? null : CODE_LIST_DATE, ...extra }, adminId);
  }
}

function postcode(random: Random, district: string): string {
  return `${district} ${intBetween(random, 1, 9)}${pick(random, [...INWARD_LETTERS])}${pick(random, [...INWARD_LETTERS])}`;
}

/** A small, fake map image: real records carry large base64 fields, which clients must not log. */
function fakeMapImage(random: Random): string {
  const bytes = Buffer.alloc(12_000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes); // PNG signature
  return bytes.toString('base64');
}

export function seedDemoData(store: Store, seed: number, serverNow: number): DemoFacts {
  const random = seededRandom(seed);
  // A second stream from the same seed picks the records without last_updated, so adding them
  // left every other seeded value as it was.
  const neverUpdated = seededRandom(seed ^ 0x1a57);
  const zone = store.zone;
  const adminId = String(USERS.findIndex((u) => u[3] === 'f') + 1);
  const at = (daysAgo: number, hour: number, minute: number) =>
    DateTime.fromMillis(serverNow, { zone }).minus({ days: daysAgo }).set({ hour, minute, second: 0, millisecond: 0 }).toFormat(DATE_TIME_FORMAT);

  // Code lists (fixed ids).
  codeList(store, 'core_functions', CORE_FUNCTIONS, adminId);
  let ceasedComplaintCodeId = '';
  COMPLAINT_CODES.forEach(([code, description, coreFunctionId, ceased]) => {
    const row = store.insert(
      'complaint_codes',
      {
        code,
        description,
        core_function_id: coreFunctionId,
        submit_date: CODE_LIST_DATE,
        last_updated: ceased ? '2023-04-01 09:00:00' : CODE_LIST_DATE,
        ceased: ceased ? 't' : 'f',
        ceased_date: ceased ? '2023-04-01 09:00:00' : null,
      },
      adminId,
    );
    if (ceased && !ceasedComplaintCodeId) ceasedComplaintCodeId = row.id!;
  });
  USERS.forEach(([username, firstname, surname, officer, enabled]) => {
    store.insert(
      'users',
      { username, firstname, surname, email: `${username}@northbridge.gov.example`, officer, enabled, submit_date: CODE_LIST_DATE, last_updated: CODE_LIST_DATE },
      adminId,
    );
  });
  codeList(store, 'organizational_units', ORGANIZATIONAL_UNITS, adminId);
  codeList(store, 'reporting_methods', REPORTING_METHODS, adminId);
  codeList(store, 'reporting_methods', CEASED_REPORTING_METHODS, adminId, { ceased: 't', ceased_date: '2022-10-03 09:00:00', last_updated: '2022-10-03 09:00:00' });
  codeList(store, 'request_categories', REQUEST_CATEGORIES, adminId);
  // `titles` carries `enabled` (Hackney's column dictionary), like users.
  for (const [rows, enabled] of [
    [TITLES, 't'],
    [DISABLED_TITLES, 'f'],
  ] as const) {
    for (const [code, description] of rows) store.insert('titles', { code, description, enabled, submit_date: CODE_LIST_DATE, last_updated: CODE_LIST_DATE }, adminId);
  }
  codeList(store, 'complaint_action_required', ACTIONS_REQUIRED, adminId);

  // Locations: per street a STREET RECORD (USRN, no UPRN), then its properties (12-digit UPRNs).
  let uprn = 100090000000 + intBetween(random, 0, 9_000_000);
  let usrn = 21400000 + intBetween(random, 0, 90_000);
  const properties: { id: string; uprn: string; pao: string; street: string; postcode: string }[] = [];
  let sharedUsrn = '';
  const streets = [...STREETS, [SHARED_USRN_STREET, 'OLD TOWN', 'NB2'] as [string, string, string]];
  for (const [street, locality, district] of streets) {
    usrn += intBetween(random, 1, 40);
    const x = intBetween(random, 528_000, 534_000);
    const y = intBetween(random, 178_000, 183_000);
    const common = { usrn, street_name: street, locality, town: 'NORTHBRIDGE' };
    if (street === SHARED_USRN_STREET) {
      // Listed before the street record: a client that takes the first USRN match picks the wrong one.
      sharedUsrn = String(usrn);
      store.insert('dtf_locations', {
        ...common,
        uprn: null,
        parent_uprn: null,
        sao_text: null,
        pao_text: 'LAND ADJACENT TO LOCK 4',
        postcode: null,
        x_coordinate: x + 40,
        y_coordinate: y + 15,
        street_id: null,
      });
      store.insert('dtf_locations', {
        ...common,
        uprn: null,
        parent_uprn: null,
        sao_text: null,
        pao_text: 'STREET RECORD',
        postcode: null,
        x_coordinate: x,
        y_coordinate: y,
        street_id: null,
      });
      continue;
    }
    const streetRecord = store.insert('dtf_locations', {
      ...common,
      uprn: null,
      parent_uprn: null,
      sao_text: null,
      pao_text: 'STREET RECORD',
      postcode: null,
      x_coordinate: x,
      y_coordinate: y,
      street_id: null,
    });
    const codes = Array.from({ length: intBetween(random, 1, 3) }, () => postcode(random, district));
    const houses = intBetween(random, 8, 15);
    const oddOnly = random() < 0.5; // some streets list one side only: 1, 3, 5...
    for (let n = 1; n <= houses; n++) {
      uprn += intBetween(random, 1, 400);
      const pao = random() < 0.07 ? pick(random, HOUSE_NAMES) : String(oddOnly ? 2 * n - 1 : n);
      const pc = codes[Math.floor(((n - 1) / houses) * codes.length)]!;
      const row = store.insert('dtf_locations', {
        ...common,
        uprn,
        parent_uprn: null,
        sao_text: null,
        pao_text: pao,
        postcode: pc,
        x_coordinate: x + intBetween(random, -150, 150),
        y_coordinate: y + intBetween(random, -150, 150),
        street_id: streetRecord.id,
        ...(neverUpdated() < 0.08 ? { last_updated: null } : {}),
      });
      properties.push({ id: row.id!, uprn: String(uprn), pao, street, postcode: pc });
      // Now and then a converted house: flats whose parent is the building's UPRN.
      if (random() < 0.06) {
        const parent = uprn;
        for (let flat = 1; flat <= intBetween(random, 2, 5); flat++) {
          uprn += 1;
          store.insert('dtf_locations', {
            ...common,
            uprn,
            parent_uprn: parent,
            sao_text: `FLAT ${flat}`,
            pao_text: pao,
            postcode: pc,
            x_coordinate: x,
            y_coordinate: y,
            street_id: streetRecord.id,
          });
        }
      }
    }
  }

  // Contacts: unique references, one reference held twice, and the anonymous contact.
  const person = (reference: string, property: (typeof properties)[number]) => {
    const firstname = pick(random, FIRST_NAMES);
    const surname = pick(random, SURNAMES);
    return {
      reference,
      title_id: intBetween(random, 1, TITLES.length),
      firstname,
      surname,
      email: `${firstname}.${surname}@example.org`.toLowerCase(),
      phone: `07700 900${String(intBetween(random, 0, 999)).padStart(3, '0')}`,
      house_name_or_number: property.pao,
      street_name: property.street,
      postcode: property.postcode,
      dtf_location_id: property.id,
      contact_type_id: '1',
      submit_date: at(intBetween(random, 60, 400), 10, 0),
    };
  };
  const uniqueContactReferences: string[] = [];
  const contactIds: string[] = [];
  for (let i = 0; i < 5; i++) {
    const reference = `CXM-P-${10001 + i}`;
    uniqueContactReferences.push(reference);
    contactIds.push(store.insert('contacts', person(reference, pick(random, properties)), adminId).id!);
  }
  const duplicateContactReference = 'CXM-P-10077';
  const duplicated = person(duplicateContactReference, pick(random, properties));
  contactIds.push(store.insert('contacts', duplicated, adminId).id!);
  contactIds.push(store.insert('contacts', { ...duplicated, email: null, submit_date: at(20, 11, 30) }, adminId).id!); // entered twice
  store.insert(
    'contacts',
    {
      reference: 'ANON',
      title_id: null,
      firstname: null,
      surname: 'Anonymous',
      email: null,
      phone: null,
      house_name_or_number: null,
      street_name: null,
      postcode: null,
      dtf_location_id: null,
      contact_type_id: '1',
      submit_date: CODE_LIST_DATE,
      last_updated: null, // migrated from the old system, never touched since
    },
    adminId,
  );

  // A handful of Service Requests, one of them ceased.
  const enabledOfficerIds = USERS.flatMap((u, i) => (u[3] === 't' && u[4] === 't' ? [String(i + 1)] : []));
  const openCodes = COMPLAINT_CODES.map((c, i) => ({ id: String(i + 1), coreFunctionId: String(c[2]), ceased: c[3] })).filter((c) => !c.ceased);
  const remarks = [
    'Loud music most nights after 11pm.',
    'Bags of rubbish dumped by the garages.',
    'Rats seen in the back garden.',
    'Bought a sandwich with mould on it.',
    'Graffiti on the bus shelter.',
    'Caller offered roof repairs at the door and asked for cash.',
  ];
  let ceasedComplaintId = '';
  const neverUpdatedComplaint = intBetween(neverUpdated, 0, 4); // one open Service Request
  for (let i = 0; i < 6; i++) {
    const code = pick(random, openCodes);
    const received = at(intBetween(random, 1, 30), intBetween(random, 8, 17), intBetween(random, 0, 59));
    const ceased = i === 5;
    const row = store.insert(
      'complaints',
      {
        core_function_id: code.coreFunctionId,
        complaint_code_id: code.id,
        investigating_officer_id: pick(random, enabledOfficerIds),
        requester_contact_id: pick(random, contactIds),
        contact_request_contact_id: null,
        dtf_location_id: pick(random, properties).id,
        received_date: received,
        reporting_method_id: intBetween(random, 1, REPORTING_METHODS.length),
        request_category_id: intBetween(random, 1, REQUEST_CATEGORIES.length),
        organizational_unit_id: intBetween(random, 1, ORGANIZATIONAL_UNITS.length),
        complaint_action_required_id: intBetween(random, 1, ACTIONS_REQUIRED.length),
        remarks: remarks[i]!,
        gis_map_image_base64: i < 2 ? fakeMapImage(random) : null,
        submit_date: received,
        last_updated: i === neverUpdatedComplaint ? null : received,
        ceased: ceased ? 't' : 'f',
        ceased_date: ceased ? received : null,
      },
      adminId,
    );
    if (ceased) ceasedComplaintId = row.id!;
  }

  return {
    adminUserId: adminId,
    disabledOfficerId: String(USERS.findIndex((u) => u[3] === 't' && u[4] === 'f') + 1),
    disabledUserId: String(USERS.findIndex((u) => u[3] === 'f' && u[4] === 'f') + 1),
    enabledOfficerIds,
    ceasedComplaintCodeId,
    duplicateContactReference,
    uniqueContactReferences,
    sharedUsrn,
    streetRecordText: 'STREET RECORD',
    sampleUprns: properties.slice(0, 10).map((p) => p.uprn),
    ceasedComplaintId,
  };
}
