/**
 * A CRM case as casebridge receives it (design.md section 4). Every case from outside (the webhook,
 * an import, a sample) is parsed with CaseSchema; errors name the path.
 */
import { z } from 'zod';

const Name = z.string().trim().min(1).max(100);
const Text = z.string().max(10_000);

/** ISO 8601 with an offset (or Z), e.g. 2026-03-29T09:15:00+01:00. */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time with an offset, e.g. 2026-03-29T09:15:00+01:00' });

export const CaseAddressSchema = z
  .object({
    role: Name,
    uprn: z
      .string()
      .regex(/^\d{1,12}$/, 'a UPRN is up to 12 digits')
      .optional(),
    usrn: z
      .string()
      .regex(/^\d{1,8}$/, 'a USRN is up to 8 digits')
      .optional(),
    lines: z.array(z.string().max(200)).max(6).default([]),
    postcode: z.string().max(10).optional(),
  })
  .strict();
export type CaseAddress = z.infer<typeof CaseAddressSchema>;

export const CasePersonSchema = z
  .object({
    role: Name,
    reference: z.string().max(100).optional(),
    title: z.string().max(30).optional(),
    forename: z.string().max(100).optional(),
    surname: z.string().max(100).optional(),
    email: z.string().max(254).optional(),
    phone: z.string().max(40).optional(),
    address: CaseAddressSchema.omit({ role: true }).optional(),
  })
  .strict();
export type CasePerson = z.infer<typeof CasePersonSchema>;

export const CaseFieldValueSchema = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);
export type CaseFieldValue = z.infer<typeof CaseFieldValueSchema>;

export const CaseSchema = z
  .object({
    /** The CRM's reference for the case. */
    id: z.string().trim().min(1).max(100),
    type: Name,
    status: z.string().max(100).default(''),
    fields: z.record(Name, CaseFieldValueSchema).default({}),
    dates: z.record(Name, IsoDateTimeSchema).default({}),
    people: z.array(CasePersonSchema).max(50).default([]),
    addresses: z.array(CaseAddressSchema).max(50).default([]),
    /** Reference name -> remote record number (e.g. the Service Request number). */
    references: z.record(Name, z.string().max(100)).default({}),
    summary: Text.optional(),
    /**
     * The CRM's own time of its last change to the case: how casebridge tells a newer revision from
     * an older one delivered late or replayed (the webhook requires it; see cases/case-order.ts).
     */
    updatedAt: IsoDateTimeSchema.optional(),
  })
  .strict();
export type Case = z.infer<typeof CaseSchema>;
export type CaseInput = z.input<typeof CaseSchema>;

export const PERSON_DETAILS = [
  'reference',
  'title',
  'forename',
  'surname',
  'full_name',
  'email',
  'phone',
  'address_line_1',
  'address_line_2',
  'address_line_3',
  'postcode',
  'uprn',
] as const;
export type PersonDetail = (typeof PERSON_DETAILS)[number];

export const ADDRESS_DETAILS = ['uprn', 'usrn', 'line_1', 'line_2', 'line_3', 'line_4', 'postcode', 'single_line'] as const;
export type AddressDetail = (typeof ADDRESS_DETAILS)[number];
