-- Full-text search over log messages (SQLite FTS5), kept in step with log_entries by triggers.
-- External content: the text lives once, in log_entries; the index holds only the tokens.
-- drizzle-kit does not know virtual tables, so this migration is written by hand.
CREATE VIRTUAL TABLE `log_search` USING fts5(`message`, content='log_entries', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `log_search_insert` AFTER INSERT ON `log_entries` BEGIN
  INSERT INTO `log_search`(rowid, `message`) VALUES (new.`id`, new.`message`);
END;
--> statement-breakpoint
CREATE TRIGGER `log_search_delete` AFTER DELETE ON `log_entries` BEGIN
  INSERT INTO `log_search`(`log_search`, rowid, `message`) VALUES ('delete', old.`id`, old.`message`);
END;
--> statement-breakpoint
CREATE TRIGGER `log_search_update` AFTER UPDATE OF `message` ON `log_entries` BEGIN
  INSERT INTO `log_search`(`log_search`, rowid, `message`) VALUES ('delete', old.`id`, old.`message`);
  INSERT INTO `log_search`(rowid, `message`) VALUES (new.`id`, new.`message`);
END;
--> statement-breakpoint
INSERT INTO `log_search`(`log_search`) VALUES ('rebuild');
