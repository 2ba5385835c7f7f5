ALTER TABLE `jobs` ADD `attempts_added_by_hand` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `cancelled_by` text;--> statement-breakpoint
-- Written by hand: jobs cancelled before this version were stored as failed with class `cancelled`; who is not known.
UPDATE `jobs` SET `state` = 'cancelled' WHERE `state` = 'failed' AND `last_error_class` = 'cancelled';
