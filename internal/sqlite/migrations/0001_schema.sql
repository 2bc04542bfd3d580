-- The first schema of the civreg store. Times are TEXT in RFC 3339 (UTC),
-- so that they sort and read the same in the sqlite3 shell.

-- A batch is one scan run: a set of files from one book.
CREATE TABLE batches (
	id      INTEGER PRIMARY KEY,
	office  TEXT NOT NULL DEFAULT '',
	book    TEXT NOT NULL DEFAULT '',
	kind    TEXT NOT NULL DEFAULT '',
	era     TEXT NOT NULL DEFAULT '',
	started TEXT NOT NULL
);

-- A page is one page image of a scanned file, done or failed.
CREATE TABLE pages (
	id         INTEGER PRIMARY KEY,
	batch_id   INTEGER REFERENCES batches (id),
	sha256     TEXT NOT NULL DEFAULT '',
	file       TEXT NOT NULL DEFAULT '',
	page_index INTEGER NOT NULL DEFAULT 0,
	angle      REAL NOT NULL DEFAULT 0,
	width      INTEGER NOT NULL DEFAULT 0,
	height     INTEGER NOT NULL DEFAULT 0,
	status     TEXT NOT NULL CHECK (status IN ('done', 'failed')),
	error      TEXT NOT NULL DEFAULT '',
	created    TEXT NOT NULL
);

-- A page's content is stored once; a file that could not even be hashed is
-- recorded with an empty hash, which identifies nothing.
CREATE UNIQUE INDEX pages_sha256 ON pages (sha256) WHERE sha256 <> '';
CREATE INDEX pages_batch ON pages (batch_id, status);

-- Images live apart from their rows so that walking pages and records never
-- pages megabytes of image data through the cache.
CREATE TABLE page_images (
	page_id INTEGER PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
	data    BLOB NOT NULL
);

-- A record is one register entry, read from one page.
CREATE TABLE records (
	id      TEXT PRIMARY KEY,
	page_id INTEGER NOT NULL UNIQUE REFERENCES pages (id),
	kind    TEXT NOT NULL,
	era     TEXT NOT NULL,
	office  TEXT NOT NULL DEFAULT '',
	book    TEXT NOT NULL DEFAULT '',
	page    INTEGER NOT NULL DEFAULT 0,
	status  TEXT NOT NULL CHECK (status IN ('needs_review', 'verified')),
	created TEXT NOT NULL,
	updated TEXT NOT NULL,
	-- version grows by one on every change, for optimistic concurrency:
	-- an update names the version it read and fails if it moved.
	version INTEGER NOT NULL DEFAULT 1
);

-- Walks go in this order. No index on status: with two values it would
-- only tempt the planner into sorting every field row of a walk.
CREATE INDEX records_order ON records (office, book, page, id);

-- A field is one value of a record.
CREATE TABLE fields (
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
);

-- Lookups by value of one key: the registration date range of an export,
-- a name search in the review UI.
CREATE INDEX fields_key_value ON fields (key, value);

-- A task asks a person to look at one field.
CREATE TABLE tasks (
	id          INTEGER PRIMARY KEY,
	record_id   TEXT NOT NULL,
	field_key   TEXT NOT NULL,
	reason      TEXT NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('open', 'done')),
	created     TEXT NOT NULL,
	leased_by   TEXT NOT NULL DEFAULT '',
	lease_until TEXT NOT NULL DEFAULT '',
	FOREIGN KEY (record_id, field_key) REFERENCES fields (record_id, key) ON DELETE CASCADE
);

-- The review queue reads open tasks oldest first.
CREATE INDEX tasks_open ON tasks (created, id) WHERE status = 'open';
CREATE INDEX tasks_record ON tasks (record_id, field_key);

-- The audit log: rows are added, never changed.
CREATE TABLE events (
	id        INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL,
	action    TEXT NOT NULL,
	record_id TEXT NOT NULL DEFAULT '',
	field_key TEXT NOT NULL DEFAULT '',
	old       TEXT NOT NULL DEFAULT '',
	new       TEXT NOT NULL DEFAULT '',
	note      TEXT NOT NULL DEFAULT ''
);

CREATE INDEX events_record ON events (record_id, id);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
	SELECT RAISE(ABORT, 'events are append-only');
END;
