CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`body` text NOT NULL,
	`revision` text NOT NULL,
	`received_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cases_received_at` ON `cases` (`received_at`);--> statement-breakpoint
CREATE INDEX `cases_type` ON `cases` (lower("type"));--> statement-breakpoint
CREATE TABLE `rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`case_type` text NOT NULL,
	`on_event` text NOT NULL,
	`condition_field` text,
	`condition_value` text,
	`template_id` integer NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`template_id`) REFERENCES `templates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rules_name` ON `rules` (lower("name"));--> statement-breakpoint
CREATE INDEX `rules_template` ON `rules` (`template_id`);