/**
 * What a mapping template may do for each connector: its target fields (by group), the remote
 * fields an incoming template reads, the template types it takes and what they are called, and
 * whether rows may add fields by remote name or depend on a Request Code. The one lookup the
 * designer, the template service, the preview and the executors share.
 */
import type { ConnectorId, OutgoingRow, TemplateType } from '../domain/template';
import { CX_SCHEMA, type CxTargetField } from './civica-cx-schema';
import { TASCOMI_SCHEMA, type TascomiTargetField } from './tascomi-schema';

export type TargetFieldInfo = TascomiTargetField | CxTargetField;

export interface ConnectorTemplateSchema {
  connector: ConnectorId;
  /** The remote system's name. */
  label: string;
  /** What one outgoing template makes there ("Service Request", "repair"). */
  recordName: string;
  /** `personal`: the group's fields hold a person's or an address's details. */
  groups: readonly { id: string; label: string; description: string; personal: boolean }[];
  fields: readonly TargetFieldInfo[];
  /** Fields an incoming template can read back from the remote record. */
  incoming: readonly { key: string; label: string }[];
  /** The template types this connector takes, with the names the console shows. */
  types: Partial<Record<TemplateType, string>>;
  /** Rows may write an additional field by its remote name. */
  extraFields: boolean;
  /** Rows may apply only for some Request Codes. */
  requestCodeConditions: boolean;
}

export const TEMPLATE_SCHEMAS: Record<ConnectorId, ConnectorTemplateSchema> = {
  tascomi: {
    connector: 'tascomi',
    label: 'Tascomi',
    recordName: 'Service Request',
    groups: TASCOMI_SCHEMA.groups,
    fields: TASCOMI_SCHEMA.fields,
    incoming: TASCOMI_SCHEMA.incoming,
    types: { create: 'Create Service Request (outgoing)', update: 'Update Service Request (outgoing)', incoming: 'Service Request (incoming)' },
    extraFields: true,
    requestCodeConditions: true,
  },
  'civica-cx': {
    connector: 'civica-cx',
    label: 'Civica Cx',
    recordName: 'repair',
    groups: CX_SCHEMA.groups,
    fields: CX_SCHEMA.fields,
    incoming: CX_SCHEMA.incoming,
    types: { create: 'Raise repair (outgoing)' },
    extraFields: false,
    requestCodeConditions: false,
  },
};

export function templateSchema(connector: ConnectorId): ConnectorTemplateSchema {
  return TEMPLATE_SCHEMAS[connector];
}

export function targetFieldOf(connector: ConnectorId, key: string): TargetFieldInfo | undefined {
  return TEMPLATE_SCHEMAS[connector]?.fields.find((f) => f.key === key);
}

/** "Create Service Request (outgoing)", "Raise repair (outgoing)"; a type the connector lacks says so. */
export function templateTypeLabel(connector: ConnectorId, type: TemplateType): string {
  return TEMPLATE_SCHEMAS[connector]?.types[type] ?? `${type} (not a ${TEMPLATE_SCHEMAS[connector]?.label ?? connector} template type)`;
}

/** Every (connector, type) a new template can be, in the order the console offers them. */
export const TEMPLATE_KINDS: readonly { connector: ConnectorId; type: TemplateType; label: string }[] = Object.values(TEMPLATE_SCHEMAS).flatMap((schema) =>
  Object.entries(schema.types).map(([type, label]) => ({ connector: schema.connector, type: type as TemplateType, label: `${schema.label}: ${label}` })),
);

/**
 * Why an outgoing row's value is personal (the log hides it until revealed), or null: its target is
 * a personal field or in a personal group of the connector's schema (a contact, a location), its
 * source is one of the case's people or addresses (wherever it lands), or an admin marked it.
 */
export function personalReason(connector: ConnectorId, row: Pick<OutgoingRow, 'target' | 'source' | 'personal'>): 'target' | 'source' | 'marked' | null {
  if (row.source?.kind === 'person' || row.source?.kind === 'address') return 'source';
  if (row.target.kind === 'schema') {
    const field = targetFieldOf(connector, row.target.key);
    const group = field && TEMPLATE_SCHEMAS[connector]?.groups.find((g) => g.id === field.group);
    if (field?.personal ?? group?.personal) return 'target';
  }
  return row.personal === true ? 'marked' : null;
}
