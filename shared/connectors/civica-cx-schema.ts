/**
 * The Civica Cx target schema the mapping designer offers for a "Raise repair" template. Cx raises
 * a repair as three records (../shared/reference/civica-cx.md): the repair, a task carrying the
 * SOR code, and a works order with the fields Cx makes mandatory; the groups follow them. Plain
 * data with no imports, shared by the engine (evaluation, the job's executor) and the console.
 *
 * Cx's code lists (SOR codes, priorities, repair types, contracts, categories) are not readable
 * through the API we know, so their values are typed as Cx knows them and Cx checks them: a wrong
 * one is a validation failure naming the field (422), never retried.
 */

export type CxValueType = 'text' | 'contact';
export type CxFieldGroup = 'repair' | 'task' | 'works_order';

export interface CxTargetField {
  /** Stable key mapping rows point at. */
  key: string;
  label: string;
  group: CxFieldGroup;
  type: CxValueType;
  requiredForCreate: boolean;
  /** The field it fills in the body of its group's step (the repair, the task or the works order). */
  remoteField: string;
  hint?: string;
  /** Holds a person's details (who the tenant is, where they live, what they said). */
  personal?: boolean;
}

export const CX_CONTACT_KEY = 'contact';
export const CX_ASSET_KEY = 'asset_reference';
export const CX_QUANTITY_KEY = 'quantity';
/** The task's quantity when the template maps none: one of the SOR code's unit. */
export const CX_DEFAULT_QUANTITY = 1;

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
    key: 'priority',
    label: 'Priority',
    group: 'repair',
    type: 'text',
    requiredForCreate: true,
    remoteField: 'priority',
    hint: "Cx's priority code (E, U, R or P); the works order is raised with the same priority.",
  },
  { key: 'repair_type', label: 'Repair type', group: 'repair', type: 'text', requiredForCreate: true, remoteField: 'repairType' },
  { key: 'category', label: 'Category', group: 'repair', type: 'text', requiredForCreate: true, remoteField: 'category' },
  {
    key: 'sor_code',
    label: 'SOR code',
    group: 'task',
    type: 'text',
    requiredForCreate: true,
    remoteField: 'sorCode',
    hint: "A code of the schedule of rates, in the repair's category; it goes on the repair's task.",
  },
  {
    key: CX_QUANTITY_KEY,
    label: 'Quantity',
    group: 'task',
    type: 'text',
    requiredForCreate: false,
    remoteField: 'quantity',
    hint: `How many of the SOR code's unit: a number above 0, at most two decimal places; ${CX_DEFAULT_QUANTITY} when nothing is mapped.`,
  },
  {
    key: 'contract',
    label: 'Contract',
    group: 'works_order',
    type: 'text',
    requiredForCreate: true,
    remoteField: 'contract',
    hint: 'The contract (contractor) the works order is raised under, as Cx codes it.',
  },
  {
    key: 'trade',
    label: 'Trade',
    group: 'works_order',
    type: 'text',
    requiredForCreate: true,
    remoteField: 'trade',
    hint: 'The trade that does the work, one of Cx’s repair categories (often the same as the Category).',
  },
  {
    key: 'raised_by',
    label: 'Raised by',
    group: 'works_order',
    type: 'text',
    requiredForCreate: true,
    remoteField: 'raisedBy',
    hint: 'Who raised the works order, as Cx records it (1 to 50 characters): a team or officer name.',
    personal: true,
  },
  {
    key: 'target_date',
    label: 'Target date',
    group: 'works_order',
    type: 'text',
    requiredForCreate: false,
    remoteField: 'targetDate',
    hint: 'When the work is due, as yyyy-MM-dd, not before today; when nothing is mapped Cx sets it from the priority.',
  },
];

export const CX_FIELD_GROUPS = [
  { id: 'repair' as const, label: 'Repair', description: 'The repair raised in Civica Cx: who, where, what is wrong.', personal: false },
  { id: 'task' as const, label: 'Task', description: "The repair's task: the work, by its SOR code.", personal: false },
  { id: 'works_order' as const, label: 'Works order', description: "The works order for the task, with Cx's mandatory fields.", personal: false },
];

export interface CxSchema {
  connector: 'civica-cx';
  groups: typeof CX_FIELD_GROUPS;
  fields: readonly CxTargetField[];
  /** Cx templates only raise repairs: there is nothing to read back (yet). */
  incoming: readonly [];
  codeLists: readonly [];
}

export const CX_SCHEMA: CxSchema = { connector: 'civica-cx', groups: CX_FIELD_GROUPS, fields: CX_TARGET_FIELDS, incoming: [], codeLists: [] };
