/**
 * The configuration file that carries a test installation's set-up to live: references, templates
 * with every version, rules (naming their template by name, as ids differ between installations),
 * each connector's queue settings and the intake settings. Never secrets, cases, jobs or the log.
 * Shared so the console shows the same plan the engine applies.
 */
import { z } from 'zod';
import { IntakeSettingsSchema } from './intake';
import { JobSettingsSchema } from './job';
import { RULE_EVENTS } from './rule';
import { ConnectorSchema, ReferenceNameSchema, TemplateDraftSchema } from './template';

export const CONFIGURATION_FILE_FORMAT = 'casebridge-configuration';
export const CONFIGURATION_FILE_SUFFIX = '.casebridge-configuration.json';

const Name = z.string().trim().min(1).max(100);

export const ConfigurationFileSchema = z
  .object({
    format: z.literal(CONFIGURATION_FILE_FORMAT),
    formatVersion: z.literal(1),
    /** The casebridge that wrote the file (said in the dry run; a file from an older version still reads). */
    casebridgeVersion: z.string().min(1).max(100),
    exportedAt: z.string().max(100).optional(),
    references: z.array(z.object({ name: ReferenceNameSchema }).strict()).max(1000),
    templates: z
      .array(
        z
          .object({
            name: Name,
            /** Oldest first; the last is the template as it is now. */
            versions: z.array(TemplateDraftSchema).min(1, 'a template needs at least one version').max(1000),
          })
          .strict(),
      )
      .max(1000),
    rules: z
      .array(
        z
          .object({
            name: Name,
            caseType: Name,
            on: z.enum(RULE_EVENTS),
            condition: z
              .object({ field: Name, equals: z.string().max(10_000) })
              .strict()
              .optional(),
            /** The name of the template the rule applies (in this file or already installed). */
            template: Name,
            enabled: z.boolean(),
          })
          .strict(),
      )
      .max(1000),
    queueSettings: z.partialRecord(ConnectorSchema, JobSettingsSchema),
    intake: IntakeSettingsSchema.optional(),
  })
  .strict();
export type ConfigurationFile = z.infer<typeof ConfigurationFileSchema>;

export const CONFIGURATION_ITEM_KINDS = ['reference', 'template', 'rule', 'queue settings', 'intake settings'] as const;
export type ConfigurationItemKind = (typeof CONFIGURATION_ITEM_KINDS)[number];
export type ConfigurationAction = 'add' | 'change' | 'leave';

export interface ConfigurationPlanItem {
  kind: ConfigurationItemKind;
  /** The reference, template or rule name; the connector for queue settings. */
  name: string;
  action: ConfigurationAction;
  /** What would change, in a few words ('' when left alone). */
  summary: string;
}

/** A dry run's answer; `fingerprint` is what this engine's configuration was, passed back to apply. */
export interface ConfigurationPreview {
  items: ConfigurationPlanItem[];
  counts: Record<ConfigurationAction, number>;
  fingerprint: string;
  file: { casebridgeVersion: string; exportedAt?: string };
}
