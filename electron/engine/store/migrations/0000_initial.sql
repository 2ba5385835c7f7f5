CREATE TABLE `log_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`time` text NOT NULL,
	`time_ms` integer NOT NULL,
	`level` text NOT NULL,
	`source` text NOT NULL,
	`message` text NOT NULL,
	`case_id` text,
	`template_id` text,
	`job_id` integer,
	`attempt` integer,
	`outcome` text,
	`duration_ms` real,
	`request` text,
	`response` text
);
--> statement-breakpoint
CREATE INDEX `log_entries_time_ms` ON `log_entries` (`time_ms`);--> statement-breakpoint
CREATE INDEX `log_entries_case` ON `log_entries` (`case_id`) WHERE "log_entries"."case_id" is not null;--> statement-breakpoint
CREATE INDEX `log_entries_job` ON `log_entries` (`job_id`) WHERE "log_entries"."job_id" is not null;--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL
);
