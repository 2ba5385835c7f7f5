CREATE TABLE `case_references` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_references_name` ON `case_references` (lower("name"));--> statement-breakpoint
CREATE TABLE `template_versions` (
	`template_id` integer NOT NULL,
	`version` integer NOT NULL,
	`body` text NOT NULL,
	`reference_id` integer NOT NULL,
	`saved_at` text NOT NULL,
	PRIMARY KEY(`template_id`, `version`),
	FOREIGN KEY (`template_id`) REFERENCES `templates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`connector` text NOT NULL,
	`type` text NOT NULL,
	`reference_id` integer,
	`current_version` integer NOT NULL,
	`created_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`reference_id`) REFERENCES `case_references`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `templates_live_name` ON `templates` (lower("name")) WHERE "templates"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX `templates_reference` ON `templates` (`reference_id`);