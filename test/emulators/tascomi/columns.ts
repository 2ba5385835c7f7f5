/**
 * Each table's fixed set of columns. A real instance answers every column of a record, an absent
 * value as `null` (Hackney's ingestion reads them so), so a record never lacks a key; a column the
 * table does not have is never answered.
 *
 * Sources: `id`, `submit_date`, `last_updated`, `last_updated_by`, `creation_user_id` on every
 * table, `enabled` on users and titles, and the named fields of contacts, dtf_locations,
 * complaint_codes and users are public code (tascomi-api.md). Which tables carry `ceased` /
 * `ceased_date` is assumed (public code shows only that some tables lack them): every table here
 * except users and titles, which carry `enabled` instead. The `<name>_id` link fields and the
 * rest of complaints are inferred (the seed's field list), and `external_reference` is the
 * complaints column casebridge writes its case reference to by default.
 */
import { FIELD_NAME } from './validation';
import { TABLES, type TascomiTable } from './types';

const COMMON = ['id', 'submit_date', 'last_updated', 'last_updated_by', 'creation_user_id'];
const CEASABLE = ['ceased', 'ceased_date'];
const CODE = ['code', 'description'];

export const STANDARD_COLUMNS: Readonly<Record<TascomiTable, readonly string[]>> = {
  complaints: [
    ...COMMON,
    ...CEASABLE,
    'core_function_id',
    'complaint_code_id',
    'investigating_officer_id',
    'requester_contact_id',
    'contact_request_contact_id',
    'dtf_location_id',
    'received_date',
    'reporting_method_id',
    'request_category_id',
    'organizational_unit_id',
    'complaint_action_required_id',
    'remarks',
    'gis_map_image_base64',
    'external_reference',
  ],
  contacts: [
    ...COMMON,
    ...CEASABLE,
    'reference',
    'title_id',
    'firstname',
    'surname',
    'email',
    'phone',
    'house_name_or_number',
    'street_name',
    'locality',
    'town',
    'postcode',
    'dtf_location_id',
    'contact_type_id',
  ],
  dtf_locations: [
    ...COMMON,
    ...CEASABLE,
    'uprn',
    'usrn',
    'parent_uprn',
    'sao_text',
    'pao_text',
    'street_name',
    'locality',
    'town',
    'postcode',
    'x_coordinate',
    'y_coordinate',
    'street_id',
  ],
  core_functions: [...COMMON, ...CEASABLE, ...CODE],
  complaint_codes: [...COMMON, ...CEASABLE, ...CODE, 'core_function_id'],
  users: [...COMMON, 'username', 'firstname', 'surname', 'email', 'officer', 'enabled'],
  organizational_units: [...COMMON, ...CEASABLE, ...CODE],
  reporting_methods: [...COMMON, ...CEASABLE, ...CODE],
  request_categories: [...COMMON, ...CEASABLE, ...CODE],
  titles: [...COMMON, ...CODE, 'enabled'],
  complaint_action_required: [...COMMON, ...CEASABLE, ...CODE],
};

export type TableColumnSets = ReadonlyMap<TascomiTable, readonly string[]>;

type PerTable = Partial<Record<TascomiTable, readonly string[]>> | undefined;

function checked(option: string, given: PerTable): [TascomiTable, readonly string[]][] {
  if (given === undefined) return [];
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new Error(`${option}: must be an object of table name -> column names`);
  return Object.entries(given).map(([table, columns]) => {
    if (!(TABLES as readonly string[]).includes(table)) throw new Error(`${option}: no table named ${table}; tables: ${TABLES.join(', ')}`);
    if (!Array.isArray(columns)) throw new Error(`${option}.${table}: must be a list of column names`);
    for (const column of columns) {
      if (typeof column !== 'string' || !FIELD_NAME.test(column))
        throw new Error(`${option}.${table}: "${String(column)}" is not a column name (lower case letters, digits and _)`);
    }
    return [table as TascomiTable, columns as readonly string[]];
  });
}

/**
 * This instance's columns: the standard set plus `extraColumns` (columns a council added, e.g. the
 * field an admin chose for the case reference) minus `absentColumns` (columns it lacks). `id`
 * cannot be absent: every record has one.
 */
export function instanceColumns(extraColumns?: PerTable, absentColumns?: PerTable): TableColumnSets {
  const sets = new Map<TascomiTable, string[]>(TABLES.map((t) => [t, [...STANDARD_COLUMNS[t]]]));
  for (const [table, columns] of checked('extraColumns', extraColumns)) {
    for (const column of columns) if (!sets.get(table)!.includes(column)) sets.get(table)!.push(column);
  }
  for (const [table, columns] of checked('absentColumns', absentColumns)) {
    if (columns.includes('id')) throw new Error(`absentColumns.${table}: id cannot be absent; every record has one`);
    sets.set(
      table,
      sets.get(table)!.filter((c) => !columns.includes(c)),
    );
  }
  return sets;
}
