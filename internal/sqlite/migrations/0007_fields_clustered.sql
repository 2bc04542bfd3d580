-- Fields are kept in their primary key's order (WITHOUT ROWID): one B-tree
-- per field row instead of three (the rowid table, the primary key index
-- and fields_key_value). A record's fields then sit together on one or two
-- pages, which is what every read of a record wants, and a bulk load writes
-- about a third as much. fields_key_value served no query: every lookup of
-- a field goes through its record (the export's date range included).
-- Migrations run with foreign keys off, so that dropping the old table
-- does not cascade to the tasks that refer to it; the runner checks the
-- keys before it commits.
CREATE TABLE fields_new (
	record_id  TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	key        TEXT NOT NULL,
	value      TEXT NOT NULL DEFAULT '',
	raw        TEXT NOT NULL DEFAULT '',
	confidence REAL NOT NULL DEFAULT 0 CHECK (confidence BETWEEN 0 AND 1),
	status     TEXT NOT NULL CHECK (status IN ('auto', 'needs_review', 'corrected', 'confirmed', 'missing')),
	box_x0     INTEGER,
	box_y0     INTEGER,
	box_x1     INTEGER,
	box_y1     INTEGER,
	reason     TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT '',
	version    INTEGER NOT NULL DEFAULT 1,
	PRIMARY KEY (record_id, key),
	-- a box is all four corners or none
	CHECK ((box_x0 IS NULL) = (box_y0 IS NULL) AND (box_x0 IS NULL) = (box_x1 IS NULL) AND (box_x0 IS NULL) = (box_y1 IS NULL))
) WITHOUT ROWID;

INSERT INTO fields_new (record_id, key, value, raw, confidence, status, box_x0, box_y0, box_x1, box_y1, reason, note, version)
SELECT record_id, key, value, raw, confidence, status, box_x0, box_y0, box_x1, box_y1, reason, note, version
FROM fields ORDER BY record_id, key;

DROP TABLE fields;
ALTER TABLE fields_new RENAME TO fields;
