/**
 * The Civica Cx target schema the mapping designer offers for a "Raise repair" template: the
 * fields of a new repair (../shared/reference/civica-cx.md, "raise a repair"). Plain data with no
 * imports, shared by the engine (evaluation, the job's executor) and the console (the designer).
 *
 * Cx's code lists (SOR codes, priorities, repair types, contracts, categories) are not readable
 * through the API we know, so their values are typed as Cx knows them and Cx checks them: a wrong
 * one is a validation failure naming the field (422), never retried.
 */

export type CxValueType = 'text' | 'contact';

export interface CxTargetField {
  /** Stable key mapping rows point at. */
  key: string;
  label: string;
  group: 'repair';
  type: CxValueType;
  requiredForCreate: boolean;
  /** The field of Cx's raise-repair body it fills. */
  remoteField: string;
  hint?: string;
  /** Holds a person's details (who the tenant is, where they live, what they said). */
  personal?: boolean;
}

export const CX_CONTACT_KEY = 'contact';
export const CX_ASSET_KEY = 'asset_reference';

export const CX_TARGET_FIELDS: readonly CxTargetField[] = [
  {
    key: CX_CONTACT_KEY,
    label: 'Contact (tenant reference)',
    group: 'repair',
    type: 'contact',
    requiredForCreate: true,
    remoteField: 'contactId',
    hint: "The tenant's Cx contact reference, as the Tenants page shows it; casebridge finds the contact by it.",
    personal: true,
  },
  {
    key: CX_ASSET_KEY,
    label: 'Asset reference',
    group: 'repair',
    type: 'text',
    requiredForCreate: false,
    remoteField: 'assetReference',
    hint: "The property; when nothing is mapped, the asset of the contact's current agreement.",
    personal: true,
  },
  {
    key: 'description',
    label: 'Description',
    group: 'repair',
    type: 'text',
    requiredForCreate: true,
    remoteField: 'description',
    hint: 'What is wrong, in the tenant’s words.',
    personal: true,
  },
  {
    key: 'sor_code',
    label: 'SOR code',
    group: 'repair',
    type: 'text',
    requiredForCreate: true,
    remoteField: 'sorCode',
    hint: 'A code of the schedule of rates, in the category below.',
  },
  { key: 'priority', label: 'Priority', group: 'repair', type: 'text', requiredForCreate: true, remoteField: 'priority' },
  { key: 'repair_type', label: 'Repair type', group: 'repair', type: 'text', requiredForCreate: true, remoteField: 'repairType' },
  { key: 'contract', label: 'Contract', group: 'repair', type: 'text', requiredForCreate: true, remoteField: 'contract' },
  { key: 'category', label: 'Category', group: 'repair', type: 'text', requiredForCreate: true, remoteField: 'category' },
];

export const CX_FIELD_GROUPS = [{ id: 'repair' as const, label: 'Repair', description: 'Fields of the repair raised in Civica Cx.', personal: false }];

export interface CxSchema {
  connector: 'civica-cx';
  groups: typeof CX_FIELD_GROUPS;
  fields: readonly CxTargetField[];
  /** Cx templates only raise repairs: there is nothing to read back (yet). */
  incoming: readonly [];
  codeLists: readonly [];
}

export const CX_SCHEMA: CxSchema = { connector: 'civica-cx', groups: CX_FIELD_GROUPS, fields: CX_TARGET_FIELDS, incoming: [], codeLists: [] };
