/**
 * The Tascomi target schema the mapping designer offers: which fields a Service Request template
 * can fill, how they are labelled, which are needed for a create, what kind of value each takes
 * and which code list supplies the allowed values. Plain data with no imports, shared by the
 * engine (evaluation, submission) and the console (the designer).
 *
 * `remoteField` is the Tascomi field name written. Only `remarks` and the contacts' name/address
 * fields are seen in public code; the rest follow Tascomi's `<name>_id` convention and must stay
 * configurable per instance (see `resolveRemoteField`).
 */

export type TascomiValueType = 'text' | 'date' | 'code' | 'contact' | 'location';

export const TASCOMI_CODE_LIST_NAMES = [
  'core_functions',
  'complaint_codes',
  'users',
  'organizational_units',
  'reporting_methods',
  'request_categories',
  'titles',
  'complaint_action_required',
] as const;
export type TascomiCodeListName = (typeof TASCOMI_CODE_LIST_NAMES)[number];

export interface TascomiCodeListInfo {
  name: TascomiCodeListName;
  /** The Tascomi table it is read from (the same as the name today). */
  table: string;
  label: string;
}

export const TASCOMI_CODE_LISTS: readonly TascomiCodeListInfo[] = [
  { name: 'core_functions', table: 'core_functions', label: 'Core functions' },
  { name: 'complaint_codes', table: 'complaint_codes', label: 'Request codes' },
  { name: 'users', table: 'users', label: 'Officers' },
  { name: 'organizational_units', table: 'organizational_units', label: 'Organisational units' },
  { name: 'reporting_methods', table: 'reporting_methods', label: 'Reporting methods' },
  { name: 'request_categories', table: 'request_categories', label: 'Request categories' },
  { name: 'titles', table: 'titles', label: 'Titles' },
  { name: 'complaint_action_required', table: 'complaint_action_required', label: 'Actions required' },
];

/** The API access the integration needs (the seed's "API access" table). */
export interface TascomiTableAccess {
  table: string;
  label: string;
  view: boolean;
  createUpdate: boolean;
}

export const TASCOMI_REQUIRED_ACCESS: readonly TascomiTableAccess[] = [
  { table: 'complaint_action_required', label: 'Actions required', view: true, createUpdate: false },
  { table: 'complaint_codes', label: 'Request codes', view: true, createUpdate: false },
  { table: 'complaints', label: 'Service Requests', view: true, createUpdate: true },
  { table: 'contacts', label: 'Contacts', view: true, createUpdate: true },
  { table: 'core_functions', label: 'Core functions', view: true, createUpdate: false },
  { table: 'dtf_locations', label: 'Locations (dtf_locations)', view: true, createUpdate: false },
  { table: 'organizational_units', label: 'Organisational units', view: true, createUpdate: false },
  { table: 'reporting_methods', label: 'Reporting methods', view: true, createUpdate: false },
  { table: 'request_categories', label: 'Request categories', view: true, createUpdate: false },
  { table: 'titles', label: 'Titles', view: true, createUpdate: false },
  { table: 'users', label: 'Users (officers)', view: true, createUpdate: false },
];

export type TascomiFieldGroupId = 'service_request' | 'requester' | 'contact_request' | 'location';

export interface TascomiFieldGroup {
  id: TascomiFieldGroupId;
  label: string;
  /** The Service Request field that links to the resolved record (a contact, a location). */
  linkField?: string;
  description: string;
  /** Its fields hold a person's or an address's details: the log hides their values until revealed. */
  personal: boolean;
}

export const TASCOMI_FIELD_GROUPS: readonly TascomiFieldGroup[] = [
  { id: 'service_request', label: 'Service Request', description: 'Fields of the Service Request itself.', personal: false },
  {
    id: 'requester',
    label: 'Requester',
    linkField: 'requester_contact_id',
    description:
      'The person who raised the request. With a Requester Reference, an existing contact with exactly that reference is linked and updated; otherwise a new contact is created from these fields.',
    personal: true,
  },
  {
    id: 'contact_request',
    label: 'Contact Request',
    linkField: 'contact_request_contact_id',
    description: 'A further contact for the request, resolved by its reference in the same way as the Requester.',
    personal: true,
  },
  {
    id: 'location',
    label: 'Location',
    linkField: 'dtf_location_id',
    description: 'Set only from a valid UPRN (a property) or USRN (a street); manual addresses are not created.',
    personal: true,
  },
];

export interface TascomiTargetField {
  /** Stable key mapping rows point at, e.g. `core_function`, `requester.surname`. */
  key: string;
  label: string;
  group: TascomiFieldGroupId;
  type: TascomiValueType;
  requiredForCreate: boolean;
  /** For `code` fields: the list whose codes are allowed (the mapping gives the code; its id is sent). */
  codeList?: TascomiCodeListName;
  /** The Tascomi field written (on complaints, or on contacts for the contact groups). */
  remoteField: string;
  /** True when public code shows the field name; false when it is inferred and may need configuring. */
  remoteFieldSeen: boolean;
  hint?: string;
  /** Holds personal details although its group does not (free text in the resident's words). */
  personal?: boolean;
}

function contactFields(group: 'requester' | 'contact_request', prefix: string): TascomiTargetField[] {
  const f = (part: string, label: string, type: TascomiValueType, remoteField: string, seen: boolean, extra: Partial<TascomiTargetField> = {}): TascomiTargetField => ({
    key: `${group}.${part}`,
    label: `${prefix} ${label}`,
    group,
    type,
    requiredForCreate: false,
    remoteField,
    remoteFieldSeen: seen,
    ...extra,
  });
  return [
    f('reference', 'Reference', 'contact', 'reference', false, { hint: 'For example the CRM person reference, or ANON for an anonymous contact.' }),
    f('title', 'Title', 'code', 'title_id', true, { codeList: 'titles' }),
    f('forename', 'Forename', 'text', 'firstname', true),
    f('surname', 'Surname', 'text', 'surname', true),
    f('email', 'Email', 'text', 'email', false),
    f('phone', 'Phone', 'text', 'phone', false),
    f('house', 'House name or number', 'text', 'house_name_or_number', true),
    f('street', 'Street', 'text', 'street_name', true),
    f('locality', 'Locality', 'text', 'locality', false),
    f('town', 'Town', 'text', 'town', false),
    f('postcode', 'Postcode', 'text', 'postcode', false),
  ];
}

export const TASCOMI_TARGET_FIELDS: readonly TascomiTargetField[] = [
  {
    key: 'core_function',
    label: 'Core Function',
    group: 'service_request',
    type: 'code',
    requiredForCreate: true,
    codeList: 'core_functions',
    remoteField: 'core_function_id',
    remoteFieldSeen: false,
  },
  {
    key: 'request_code',
    label: 'Request Code',
    group: 'service_request',
    type: 'code',
    requiredForCreate: true,
    codeList: 'complaint_codes',
    remoteField: 'complaint_code_id',
    remoteFieldSeen: false,
    hint: 'Must belong to the Core Function.',
  },
  {
    key: 'investigating_officer',
    label: 'Investigating Officer',
    group: 'service_request',
    type: 'code',
    requiredForCreate: true,
    codeList: 'users',
    remoteField: 'investigating_officer_id',
    remoteFieldSeen: false,
    hint: 'An enabled officer (their user name).',
  },
  { key: 'received_date', label: 'Received date', group: 'service_request', type: 'date', requiredForCreate: false, remoteField: 'received_date', remoteFieldSeen: false },
  {
    key: 'description',
    label: 'Description (remarks)',
    group: 'service_request',
    type: 'text',
    requiredForCreate: false,
    remoteField: 'remarks',
    remoteFieldSeen: true,
    personal: true,
  },
  {
    key: 'reporting_method',
    label: 'Reporting method',
    group: 'service_request',
    type: 'code',
    requiredForCreate: false,
    codeList: 'reporting_methods',
    remoteField: 'reporting_method_id',
    remoteFieldSeen: false,
  },
  {
    key: 'request_category',
    label: 'Request category',
    group: 'service_request',
    type: 'code',
    requiredForCreate: false,
    codeList: 'request_categories',
    remoteField: 'request_category_id',
    remoteFieldSeen: false,
  },
  {
    key: 'organisational_unit',
    label: 'Organisational unit',
    group: 'service_request',
    type: 'code',
    requiredForCreate: false,
    codeList: 'organizational_units',
    remoteField: 'organizational_unit_id',
    remoteFieldSeen: false,
  },
  {
    key: 'action_required',
    label: 'Action required',
    group: 'service_request',
    type: 'code',
    requiredForCreate: false,
    codeList: 'complaint_action_required',
    remoteField: 'complaint_action_required_id',
    remoteFieldSeen: false,
  },
  ...contactFields('requester', 'Requester'),
  ...contactFields('contact_request', 'Contact Request'),
  {
    key: 'location.uprn',
    label: 'Location UPRN (property)',
    group: 'location',
    type: 'location',
    requiredForCreate: false,
    remoteField: 'uprn',
    remoteFieldSeen: true,
    hint: 'Up to 12 digits.',
  },
  {
    key: 'location.usrn',
    label: 'Location USRN (street)',
    group: 'location',
    type: 'location',
    requiredForCreate: false,
    remoteField: 'usrn',
    remoteFieldSeen: true,
    hint: "Used when there is no UPRN: the street's STREET RECORD location.",
  },
];

/** Fields an incoming template can read back from a Service Request. */
export interface TascomiSourceField {
  key: string;
  label: string;
  remoteField: string;
  type: TascomiValueType;
}

export const TASCOMI_INCOMING_FIELDS: readonly TascomiSourceField[] = [
  { key: 'id', label: 'Service Request number', remoteField: 'id', type: 'text' },
  { key: 'received_date', label: 'Received date', remoteField: 'received_date', type: 'date' },
  { key: 'submit_date', label: 'Submitted', remoteField: 'submit_date', type: 'date' },
  { key: 'last_updated', label: 'Last updated', remoteField: 'last_updated', type: 'date' },
  { key: 'description', label: 'Description (remarks)', remoteField: 'remarks', type: 'text' },
  { key: 'investigating_officer', label: 'Investigating Officer', remoteField: 'investigating_officer_id', type: 'code' },
  { key: 'ceased', label: 'Ceased', remoteField: 'ceased', type: 'text' },
];

export interface TascomiSchema {
  connector: 'tascomi';
  groups: readonly TascomiFieldGroup[];
  fields: readonly TascomiTargetField[];
  incoming: readonly TascomiSourceField[];
  codeLists: readonly TascomiCodeListInfo[];
}

export const TASCOMI_SCHEMA: TascomiSchema = {
  connector: 'tascomi',
  groups: TASCOMI_FIELD_GROUPS,
  fields: TASCOMI_TARGET_FIELDS,
  incoming: TASCOMI_INCOMING_FIELDS,
  codeLists: TASCOMI_CODE_LISTS,
};

export function targetField(key: string): TascomiTargetField | undefined {
  return TASCOMI_TARGET_FIELDS.find((f) => f.key === key);
}

/** The remote field name for a target key, after any per-instance override (a setting). */
export function resolveRemoteField(key: string, overrides: Readonly<Record<string, string>> = {}): string | undefined {
  return overrides[key] ?? targetField(key)?.remoteField;
}

export const TASCOMI_REQUIRED_FOR_CREATE: readonly string[] = TASCOMI_TARGET_FIELDS.filter((f) => f.requiredForCreate).map((f) => f.key);
