CREATE TABLE `access_audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`time` text NOT NULL,
	`time_ms` integer NOT NULL,
	`who` text NOT NULL,
	`action` text NOT NULL,
	`subject` text NOT NULL,
	`case_id` text,
	`reason` text
);
--> statement-breakpoint
CREATE INDEX `access_audit_time_ms` ON `access_audit` (`time_ms`);--> statement-breakpoint
CREATE INDEX `access_audit_case` ON `access_audit` (`case_id`) WHERE "access_audit"."case_id" is not null;--> statement-breakpoint
-- Append-only (written by hand; drizzle-kit does not know triggers): what happened stays as it was recorded.
CREATE TRIGGER `access_audit_no_update` BEFORE UPDATE ON `access_audit` BEGIN
  SELECT RAISE(ABORT, 'the access audit cannot be changed: entries are only ever added');
END;
--> statement-breakpoint
CREATE TRIGGER `access_audit_no_delete` BEFORE DELETE ON `access_audit` BEGIN
  SELECT RAISE(ABORT, 'the access audit cannot be changed: entries are only ever added');
END;
