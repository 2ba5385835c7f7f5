ALTER TABLE `log_entries` ADD `error_class` text;--> statement-breakpoint
ALTER TABLE `log_entries` ADD `retry_at_ms` integer;--> statement-breakpoint
CREATE INDEX `log_entries_level` ON `log_entries` (`level`);--> statement-breakpoint
CREATE INDEX `log_entries_source` ON `log_entries` (`source`);--> statement-breakpoint
CREATE INDEX `log_entries_outcome` ON `log_entries` (`outcome`) WHERE "log_entries"."outcome" is not null;--> statement-breakpoint
CREATE INDEX `log_entries_template` ON `log_entries` (`template_id`) WHERE "log_entries"."template_id" is not null;