/**
 * Case intake settings: the webhook the CRM posts cases to. The shared secret that signs each post
 * is a secret: the console can set or replace it, and only hears whether one is set.
 */
import { z } from 'zod';

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export const DEFAULT_INTAKE_PORT = 8710;
/** Stripe's default: wide enough for a CRM's clock a little off and its retries, narrow against replays. */
export const DEFAULT_TIMESTAMP_TOLERANCE_SECONDS = 300;

export const IntakeSettingsSchema = z
  .object({
    enabled: z.boolean(),
    /** Loopback by default; another address exposes the listener to the network. */
    host: z
      .string()
      .trim()
      .refine((h) => h === 'localhost' || h === '::1' || IPV4.test(h), 'enter an IP address such as 127.0.0.1'),
    /** 0 picks any free port (for tests); a CRM needs a fixed one. */
    port: z.number().int().min(0).max(65535),
    /**
     * How far a post's signed timestamp may be from this machine's clock. Settings saved before it
     * existed read as the default.
     */
    toleranceSeconds: z
      .number()
      .int()
      .min(30, 'at least 30 seconds: closer than that, ordinary clock drift refuses good posts')
      .max(3600, 'at most an hour: wider lets a captured post be replayed for longer')
      .default(DEFAULT_TIMESTAMP_TOLERANCE_SECONDS),
  })
  .strict();
export type IntakeSettings = z.infer<typeof IntakeSettingsSchema>;

export const DEFAULT_INTAKE_SETTINGS: IntakeSettings = { enabled: false, host: '127.0.0.1', port: DEFAULT_INTAKE_PORT, toleranceSeconds: DEFAULT_TIMESTAMP_TOLERANCE_SECONDS };

export const IntakeSettingsInputSchema = IntakeSettingsSchema.extend({
  /** A new shared secret; absent or empty keeps the stored one. */
  secret: z
    .string()
    .max(500)
    .refine((s) => s === '' || s.length >= 16, 'a shared secret has at least 16 characters')
    .optional(),
}).strict();
export type IntakeSettingsInput = z.input<typeof IntakeSettingsInputSchema>;

export interface IntakeStatus {
  listening: boolean;
  /** The endpoint to give the CRM, when listening. */
  url?: string;
  /** Why it is not listening although enabled (the port is taken, no secret...). */
  problem?: string;
}

export type IntakeSettingsView = IntakeSettings & { secretSet: boolean; status: IntakeStatus };
