import { z } from 'zod';

/** The console's pages, in navigation order. Preferences remember the last one opened. */
export const PAGE_IDS = ['connections', 'templates', 'rules', 'cases', 'tenants', 'jobs', 'alerts', 'log', 'audit', 'subject-access', 'network', 'accounts'] as const;
export const PageIdSchema = z.enum(PAGE_IDS);
export type PageId = z.infer<typeof PageIdSchema>;
