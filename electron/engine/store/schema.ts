/**
 * The store's tables (drizzle). Change a table here, then run `npm run db:generate` to write the
 * migration that `openStore` applies; committed migrations are never edited.
 */
import { sql } from 'drizzle-orm';
import { ACCESS_ACTIONS } from '../../../shared/domain/access-audit';
import { foreignKey, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Key/value settings; values are JSON, validated by the module that owns the key. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** The integration log: one row per entry, written by the log bus. */
export const logEntries = sqliteTable(
  'log_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** ISO 8601 with offset, for display. */
    time: text('time').notNull(),
    /** Milliseconds since the epoch, for ordering and time ranges. */
    timeMs: integer('time_ms').notNull(),
    level: text('level', { enum: ['debug', 'info', 'warn', 'error'] }).notNull(),
    source: text('source').notNull(),
    message: text('message').notNull(),
    caseId: text('case_id'),
    templateId: text('template_id'),
    jobId: integer('job_id'),
    attempt: integer('attempt'),
    outcome: text('outcome', { enum: ['succeeded', 'will_retry', 'failed', 'dead'] }),
    durationMs: real('duration_ms'),
    request: text('request'),
    response: text('response'),
    /** An attempt's failure class (ConnectorError kind, `unknown`, `lease_expired`...). */
    errorClass: text('error_class'),
    /** When a failed attempt's job runs again (ms), for the attempt timeline. */
    retryAtMs: integer('retry_at_ms'),
    /** The person whose call wrote the entry (a retry, a sign-in, a saved setting); none for the engine's own work. */
    person: text('person'),
  },
  // Each filter's index holds the rowid, so "newest first where X" walks it backwards and stops at a page.
  (t) => [
    index('log_entries_time_ms').on(t.timeMs),
    index('log_entries_case')
      .on(t.caseId)
      .where(sql`${t.caseId} is not null`),
    index('log_entries_job')
      .on(t.jobId)
      .where(sql`${t.jobId} is not null`),
    index('log_entries_level').on(t.level),
    index('log_entries_source').on(t.source),
    index('log_entries_outcome')
      .on(t.outcome)
      .where(sql`${t.outcome} is not null`),
    index('log_entries_template')
      .on(t.templateId)
      .where(sql`${t.templateId} is not null`),
    index('log_entries_person')
      .on(t.person)
      .where(sql`${t.person} is not null`),
  ],
);

/**
 * References: named slots on a case that hold a remote record number. Not `references`, an SQL
 * keyword. Names are unique ignoring case (lower() is enough: names are ASCII by their schema).
 */
export const caseReferences = sqliteTable(
  'case_references',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('case_references_name').on(sql`lower(${t.name})`)],
);

/**
 * Mapping templates: one row per template, mirroring its current version (for lists and the
 * unique-name rule); the content lives in template_versions. Deleting is soft, because jobs pin
 * versions of templates that may later be deleted.
 */
export const templates = sqliteTable(
  'templates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    connector: text('connector').notNull(),
    type: text('type', { enum: ['create', 'update', 'incoming'] }).notNull(),
    /** Null only for a deleted template whose reference was deleted after it. */
    referenceId: integer('reference_id').references(() => caseReferences.id, { onDelete: 'set null' }),
    currentVersion: integer('current_version').notNull(),
    createdAt: text('created_at').notNull(),
    deletedAt: text('deleted_at'),
  },
  (t) => [
    uniqueIndex('templates_live_name')
      .on(sql`lower(${t.name})`)
      .where(sql`${t.deletedAt} is null`),
    index('templates_reference').on(t.referenceId),
  ],
);

/** Every saved version of a template; never changed once written. */
export const templateVersions = sqliteTable(
  'template_versions',
  {
    templateId: integer('template_id')
      .notNull()
      .references(() => templates.id),
    version: integer('version').notNull(),
    /** The TemplateDraft as saved (JSON); its `reference` is the name at the time. */
    body: text('body').notNull(),
    /**
     * The reference it applied to, so a renamed reference still shows under its new name. No foreign
     * key: an old version may outlive its reference (then the saved name is shown).
     */
    referenceId: integer('reference_id').notNull(),
    savedAt: text('saved_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.version] })],
);

/**
 * The durable job queue (design.md section 5): one row per integration action for one case,
 * written before anything is sent. Times are milliseconds since the epoch because the queue
 * compares and orders them in SQL (claiming, lease expiry).
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    connector: text('connector').notNull(),
    kind: text('kind', { enum: ['create', 'update'] }).notNull(),
    caseId: text('case_id').notNull(),
    templateId: integer('template_id').notNull(),
    /** The template version pinned when the job was queued (later edits do not change the job). */
    templateVersion: integer('template_version').notNull(),
    /** The reference's name when the job was queued. */
    referenceName: text('reference_name').notNull(),
    state: text('state', { enum: ['queued', 'running', 'succeeded', 'failed', 'dead', 'cancelled'] }).notNull(),
    /** Counted at claim time, so a crash mid-attempt still spends it. */
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(10),
    /** Of max_attempts, how many retries by hand added (the rest is the budget the job was queued with). */
    attemptsAddedByHand: integer('attempts_added_by_hand').notNull().default(0),
    nextRunAt: integer('next_run_at').notNull(),
    leaseUntil: integer('lease_until'),
    leaseOwner: text('lease_owner'),
    lastError: text('last_error'),
    /** The ConnectorError kind, or `unknown` / `lease_expired` / `interrupted`. */
    lastErrorClass: text('last_error_class'),
    /** The last attempt may have reached the remote and applied: look before resending a create. */
    outcomeUnknown: integer('outcome_unknown', { mode: 'boolean' }).notNull().default(false),
    /** The remote record number on success. */
    result: text('result'),
    /** Who cancelled a `cancelled` job (when: updated_at, as nothing else changes it until a retry). */
    cancelledBy: text('cancelled_by'),
    /** The last thing a person did to the job by hand (retried, cancelled, queued by hand), who, and when (ms). */
    lastActionKind: text('last_action_kind', { enum: ['retried', 'cancelled', 'queued'] }),
    lastActionBy: text('last_action_by'),
    lastActionAt: integer('last_action_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('jobs_claim').on(t.state, t.connector, t.nextRunAt),
    index('jobs_case').on(t.caseId),
    // The pin points at a saved version; versions are never deleted (templates are soft-deleted).
    foreignKey({ columns: [t.templateId, t.templateVersion], foreignColumns: [templateVersions.templateId, templateVersions.version] }),
  ],
);

/**
 * Cases as received from the CRM (design.md section 4). `body` is the parsed Case as JSON, with the
 * references casebridge set merged in; `revision` is the sha256 of the canonical JSON of the case
 * as the CRM sent it, so a repeated delivery is recognised and stored once. Times are milliseconds
 * since the epoch because lists order by them in SQL.
 */
export const cases = sqliteTable(
  'cases',
  {
    /** The CRM's reference. */
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    status: text('status').notNull(),
    body: text('body').notNull(),
    revision: text('revision').notNull(),
    /** When the current revision arrived. */
    receivedAt: integer('received_at').notNull(),
    /** The last write of any kind (a new revision, a reference, incoming fields). */
    updatedAt: integer('updated_at').notNull(),
    /**
     * The stored revision's own `updatedAt` (the CRM's last change) as an instant that sorts as text
     * (cases/case-order.ts); null when the CRM sent none.
     */
    crmUpdatedAt: text('crm_updated_at'),
  },
  (t) => [index('cases_received_at').on(t.receivedAt), index('cases_type').on(sql`lower(${t.type})`)],
);

/**
 * Rules: when a case of a type is created/updated (optionally when a field equals a value), apply an
 * outgoing template. Names are unique ignoring case, like templates'.
 */
export const rules = sqliteTable(
  'rules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    caseType: text('case_type').notNull(),
    onEvent: text('on_event', { enum: ['created', 'updated', 'both'] }).notNull(),
    conditionField: text('condition_field'),
    conditionValue: text('condition_value'),
    templateId: integer('template_id')
      .notNull()
      .references(() => templates.id),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('rules_name').on(sql`lower(${t.name})`), index('rules_template').on(t.templateId)],
);

/**
 * Civica Cx customer data read live and kept for the API refresh time (the seed's "API refresh"):
 * one row per key (a contact search, or one contact's repairs and appointments). `body` is the
 * answer as JSON; `fetchedAt` (ms since the epoch) is when it was read from Cx. Never the source of
 * truth: rows may be deleted at any time, and are read again from Cx when they are older than the
 * refresh time.
 */
export const cxCache = sqliteTable('cx_cache', {
  key: text('key').primaryKey(),
  body: text('body').notNull(),
  fetchedAt: integer('fetched_at').notNull(),
});

/**
 * The access audit (shared/domain/access-audit.ts): who opened, revealed, searched, exported or
 * erased residents' data, when and why. Append-only: triggers refuse any change or removal, so no
 * code path (nor a bug in one) can rewrite what happened.
 */
export const accessAudit = sqliteTable(
  'access_audit',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** ISO 8601 with offset, for display. */
    time: text('time').notNull(),
    /** Milliseconds since the epoch, for time ranges. */
    timeMs: integer('time_ms').notNull(),
    who: text('who').notNull(),
    action: text('action', { enum: ACCESS_ACTIONS }).notNull(),
    subject: text('subject').notNull(),
    caseId: text('case_id'),
    reason: text('reason'),
  },
  (t) => [
    index('access_audit_time_ms').on(t.timeMs),
    index('access_audit_case')
      .on(t.caseId)
      .where(sql`${t.caseId} is not null`),
  ],
);

/**
 * Accounts of the people who use a server (design.md section 11): local ones with a password hash
 * (scrypt, its parameters in the hash string), or ones single sign-on created from the identity
 * provider's subject. Never deleted, only disabled, so records keep meaning who they name.
 */
export const accounts = sqliteTable(
  'accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Lower case; unique. For single sign-on, the provider's preferred user name or e-mail. */
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ['administrator', 'designer', 'support', 'viewer'] }).notNull(),
    source: text('source', { enum: ['local', 'oidc'] }).notNull(),
    /** `scrypt$N$r$p$salt$hash` (base64url); null for single sign-on accounts. */
    passwordHash: text('password_hash'),
    /** The identity provider's `sub` for single sign-on accounts (unique with the issuer). */
    subject: text('subject'),
    issuer: text('issuer'),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    /** Sign-in failures since the last success, and until when sign-in is refused (ms). */
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: integer('locked_until'),
    lastSignInAt: integer('last_sign_in_at'),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('accounts_username').on(t.username),
    uniqueIndex('accounts_subject')
      .on(t.issuer, t.subject)
      .where(sql`${t.subject} is not null`),
  ],
);

/**
 * Signed-in sessions. Only the SHA-256 of the random session id is kept, so a copy of the database
 * cannot sign anyone in. Ended sessions are deleted.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    /** How the person signed in ('local' password or 'oidc'). */
    method: text('method', { enum: ['local', 'oidc'] }).notNull(),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [index('sessions_account').on(t.accountId)],
);

/**
 * Alert messages waiting to reach a channel (engine/alerts/): one row per message and channel, with
 * the job queue's semantics (a lease at claim, attempts counted at claim, backoff, dead after the
 * budget, retry by hand). Not `jobs` rows: an alert has no case, template or reference. The message
 * is stored as built (JSON of AlertMessage): it never holds personal data or a secret.
 */
export const alertDeliveries = sqliteTable(
  'alert_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channelId: text('channel_id').notNull(),
    /** The channel's name when the message was queued (the channel may be renamed or deleted since). */
    channelName: text('channel_name').notNull(),
    /** What the message is about: an alert condition, or `test`. */
    condition: text('condition').notNull(),
    title: text('title').notNull(),
    message: text('message').notNull(),
    state: text('state', { enum: ['queued', 'running', 'sent', 'dead', 'cancelled'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    nextRunAt: integer('next_run_at').notNull(),
    leaseUntil: integer('lease_until'),
    leaseOwner: text('lease_owner'),
    lastError: text('last_error'),
    /** How the last attempt failed (alerts/send-failure.ts): dns, connection, tls, auth, sender-refused... */
    lastErrorClass: text('last_error_class'),
    /** Who retried or cancelled it by hand, last. */
    lastActionBy: text('last_action_by'),
    sentAt: integer('sent_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('alert_deliveries_claim').on(t.state, t.nextRunAt)],
);
