CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`source` text NOT NULL,
	`password_hash` text,
	`subject` text,
	`issuer` text,
	`disabled` integer DEFAULT false NOT NULL,
	`failed_sign_ins` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`last_sign_in_at` integer,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_username` ON `accounts` (`username`);--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_subject` ON `accounts` (`issuer`,`subject`) WHERE "accounts"."subject" is not null;--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`method` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_account` ON `sessions` (`account_id`);--> statement-breakpoint
ALTER TABLE `jobs` ADD `last_action_kind` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `last_action_by` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `last_action_at` integer;--> statement-breakpoint
ALTER TABLE `log_entries` ADD `person` text;--> statement-breakpoint
CREATE INDEX `log_entries_person` ON `log_entries` (`person`) WHERE "log_entries"."person" is not null;