/**
 * Rules (design.md section 4): when a case of a type is created or updated, optionally only when a
 * field equals a value, apply an outgoing template. Shared so the Rules page and the engine check
 * the same things.
 */
import { z } from 'zod';

export const RULE_EVENTS = ['created', 'updated', 'both'] as const;
export type RuleEvent = (typeof RULE_EVENTS)[number];

export const RuleInputSchema = z
  .object({
    name: z.string().trim().min(1, 'a rule needs a name').max(100),
    caseType: z.string().trim().min(1, 'say which case type the rule is for').max(100),
    on: z.enum(RULE_EVENTS),
    condition: z
      .object({ field: z.string().trim().min(1, 'name the case field').max(100), equals: z.string().max(10_000) })
      .strict()
      .optional(),
    templateId: z.number().int().positive(),
  })
  .strict();
export type RuleInput = z.input<typeof RuleInputSchema>;

export interface Rule {
  id: number;
  name: string;
  caseType: string;
  on: RuleEvent;
  condition?: { field: string; equals: string };
  templateId: number;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}
