CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`connector` text NOT NULL,
	`kind` text NOT NULL,
	`case_id` text NOT NULL,
	`template_id` integer NOT NULL,
	`template_version` integer NOT NULL,
	`reference_name` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 10 NOT NULL,
	`next_run_at` integer NOT NULL,
	`lease_until` integer,
	`lease_owner` text,
	`last_error` text,
	`last_error_class` text,
	`outcome_unknown` integer DEFAULT false NOT NULL,
	`result` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`template_id`,`template_version`) REFERENCES `template_versions`(`template_id`,`version`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `jobs_claim` ON `jobs` (`state`,`connector`,`next_run_at`);--> statement-breakpoint
CREATE INDEX `jobs_case` ON `jobs` (`case_id`);