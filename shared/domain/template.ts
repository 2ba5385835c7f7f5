/**
 * Mapping templates (design.md section 4 and the Tascomi seed): what a case sends to a back office
 * and what comes back. Saved templates are versioned; a job pins the version it was queued with.
 * Everything a template file or an IPC call carries is parsed with these schemas; errors name the
 * path (e.g. `template.rows.3.source.format`).
 */
import { z } from 'zod';
import { ADDRESS_DETAILS, PERSON_DETAILS } from './case';
import { TimeZoneSchema } from './time-zone';

export const CONNECTORS = ['tascomi', 'civica-cx'] as const;
export const ConnectorSchema = z.enum(CONNECTORS);
export type ConnectorId = z.infer<typeof ConnectorSchema>;

/**
 * Tascomi: create = Create Service Request (outgoing); update = Update Service Request (outgoing);
 * incoming = Service Request (incoming). Civica Cx: create = Raise repair (outgoing), its only type.
 */
export const TEMPLATE_TYPES = ['create', 'update', 'incoming'] as const;
export const TemplateTypeSchema = z.enum(TEMPLATE_TYPES);
export type TemplateType = z.infer<typeof TemplateTypeSchema>;

const Name = z.string().trim().min(1, 'cannot be empty').max(100);
const RowId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'a row id is 1 to 40 letters, digits, - or _');

/** A Reference: a named slot on a case that holds a remote record number. */
export const ReferenceNameSchema = z
  .string()
  .trim()
  .min(1, 'a reference needs a name')
  .max(60)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/, 'use letters, digits, spaces, dots, dashes or underscores');
export interface Reference {
  id: number;
  name: string;
  /** How many templates apply to it (a reference in use cannot be deleted). */
  templateCount: number;
}

/** Luxon format tokens; the default is the form Tascomi takes. */
export const DEFAULT_DATE_FORMAT = 'yyyy-MM-dd HH:mm:ss';

export const SourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('field'), field: Name }).strict(),
  z
    .object({
      kind: z.literal('date'),
      date: Name,
      format: z.string().min(1).max(60).default(DEFAULT_DATE_FORMAT),
      zone: TimeZoneSchema.default('Europe/London'),
    })
    .strict(),
  z.object({ kind: z.literal('person'), role: Name, detail: z.enum(PERSON_DETAILS) }).strict(),
  z.object({ kind: z.literal('address'), role: Name, detail: z.enum(ADDRESS_DETAILS) }).strict(),
  z.object({ kind: z.literal('text'), value: z.string().max(10_000) }).strict(),
]);
export type Source = z.infer<typeof SourceSchema>;
export type SourceInput = z.input<typeof SourceSchema>;

/** Where an outgoing row writes: a field of the connector's schema, or an additional field by its remote name. */
export const TargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('schema'), key: z.string().min(1).max(100) }).strict(),
  z
    .object({ kind: z.literal('extra'), name: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'an additional field is named as Tascomi names it: lower-case letters, digits and _') })
    .strict(),
]);
export type Target = z.infer<typeof TargetSchema>;

export const OutgoingRowSchema = z
  .object({
    id: RowId,
    target: TargetSchema,
    /** null while the designer has a target with nothing dropped on it yet. */
    source: SourceSchema.nullable(),
    /** Applies only when the evaluated Request Code is one of these codes (beyond the seed's CRM). */
    onlyForRequestCodes: z.array(z.string().min(1).max(60)).max(200).optional(),
    /**
     * An admin marked the value personal (the log hides it until revealed). Rows whose target or
     * source is personal already are so without it (template-schemas.ts `personalReason`).
     */
    personal: z.boolean().optional(),
  })
  .strict();
export type OutgoingRow = z.infer<typeof OutgoingRowSchema>;

export const IncomingRowSchema = z
  .object({
    id: RowId,
    /** A field of the remote record (for Tascomi: TASCOMI_INCOMING_FIELDS keys). */
    remoteField: z.string().min(1).max(100),
    /** The case field it is written to. */
    caseField: Name,
  })
  .strict();
export type IncomingRow = z.infer<typeof IncomingRowSchema>;

const DraftBase = { name: Name, connector: ConnectorSchema, reference: ReferenceNameSchema };

/** What an admin edits and saves; every save becomes a new version. */
export const TemplateDraftSchema = z.discriminatedUnion('type', [
  z.object({ ...DraftBase, type: z.literal('create'), rows: z.array(OutgoingRowSchema).max(200) }).strict(),
  z.object({ ...DraftBase, type: z.literal('update'), rows: z.array(OutgoingRowSchema).max(200) }).strict(),
  z.object({ ...DraftBase, type: z.literal('incoming'), rows: z.array(IncomingRowSchema).max(200) }).strict(),
]);
export type TemplateDraft = z.infer<typeof TemplateDraftSchema>;
export type TemplateDraftInput = z.input<typeof TemplateDraftSchema>;

export type Template = TemplateDraft & { id: number; version: number; savedAt: string };

export interface TemplateSummary {
  id: number;
  name: string;
  connector: ConnectorId;
  type: TemplateType;
  reference: string;
  version: number;
  savedAt: string;
  rowCount: number;
}

export interface TemplateVersionSummary {
  version: number;
  name: string;
  savedAt: string;
  rowCount: number;
}

/** The file an export writes and an import reads. Never holds secrets: templates have none. */
export const TEMPLATE_FILE_FORMAT = 'casebridge-template';
export const TemplateFileSchema = z
  .object({
    format: z.literal(TEMPLATE_FILE_FORMAT),
    formatVersion: z.literal(1),
    exportedAt: z.string().optional(),
    template: TemplateDraftSchema,
  })
  .strict();
export type TemplateFile = z.infer<typeof TemplateFileSchema>;

/** One thing wrong with an evaluation; `row` is 1-based, null when no row maps the target. */
export interface MappingProblem {
  row: number | null;
  rowId: string | null;
  /** The target (schema key or additional field name), when the problem is about one. */
  target: string | null;
  message: string;
}

/** What evaluating a template against a case gives: the exact values to send, and the problems. */
export interface EvaluationResult {
  /** Target -> value: schema keys as they are (`request_code`), additional fields as `extra.<name>`. */
  payload: Record<string, string>;
  /** Rows that did not apply (their Request Code condition did not hold), 1-based. */
  skippedRows: number[];
  problems: MappingProblem[];
  /**
   * Rows that applied but gave nothing for this case, when that is not a problem (an optional
   * target: it is left out of what is sent). The designer says so at each one; a job still goes.
   */
  emptyRows: EmptyRow[];
}

/** A row that gave no value for the evaluated case; `row` is 1-based. */
export interface EmptyRow {
  row: number;
  rowId: string;
  target: string | null;
  /** Why, for the row itself: "the case has no date \"received\"". */
  why: string;
  /** The same, naming the row: "Row 5 (Received date) gives no value for this case: …". */
  message: string;
}
