-- The search index: what `civreg search` and an issuing clerk look records
-- up by. Every table here is derived from records and fields and is kept up
-- to date by indexRecord inside the transaction that changed them.

-- One row per record. doc numbers the record so that the posting tables
-- below hold a small integer instead of the record's text id. people lists
-- the record's named persons, one per line "role<TAB>born<TAB>folded name"
-- (roles: p registered person, s spouse, f father, m mother, n the person
-- recognising); ids lists "key<TAB>number" lines. born is the registered
-- person's date of birth, ISO with its precision.
CREATE TABLE search_docs (
	doc       INTEGER PRIMARY KEY,
	record_id TEXT NOT NULL UNIQUE REFERENCES records (id) ON DELETE CASCADE,
	kind      TEXT NOT NULL,
	office    TEXT NOT NULL DEFAULT '',
	book      TEXT NOT NULL DEFAULT '',
	entry     TEXT NOT NULL DEFAULT '',
	born      TEXT NOT NULL DEFAULT '',
	people    TEXT NOT NULL DEFAULT '',
	ids       TEXT NOT NULL DEFAULT ''
);

CREATE INDEX search_docs_book ON search_docs (book, entry);
CREATE INDEX search_docs_born ON search_docs (born) WHERE born <> '';

-- Whole folded names, after "1 " for the registered person or a spouse
-- and "2 " for a parent ("1 nguyen van an"), with the person's year of birth (0
-- when unknown): a full name, or a full name and year, is one index seek,
-- however common its words are.
CREATE TABLE search_names (
	key  TEXT NOT NULL,
	year INTEGER NOT NULL,
	doc  INTEGER NOT NULL,
	role TEXT NOT NULL,
	PRIMARY KEY (key, year, doc, role)
) WITHOUT ROWID;

-- Folded name words per record, for part of a name ("nguyen an").
CREATE TABLE search_tokens (
	tok TEXT NOT NULL,
	doc INTEGER NOT NULL,
	PRIMARY KEY (tok, doc)
) WITHOUT ROWID;

-- Personal ID and identity document numbers, digits only (passports
-- upper-case).
CREATE TABLE search_ids (
	id  TEXT NOT NULL,
	doc INTEGER NOT NULL,
	PRIMARY KEY (id, doc)
) WITHOUT ROWID;

-- The name words in use and how many records hold each. Vietnamese names
-- are made of a few thousand syllables, so a search holds the whole list in
-- memory and expands a misspelled word against it. Rows are only added
-- (a count may fall to 0), so max(id) tells a cached copy it is stale.
CREATE TABLE search_vocab (
	id  INTEGER PRIMARY KEY,
	tok TEXT NOT NULL UNIQUE,
	n   INTEGER NOT NULL DEFAULT 0
);

-- Work the index still owes: 'backfill' when this migration met records
-- stored before it; the first search indexes them.
CREATE TABLE search_state (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

INSERT INTO search_state (name, value)
SELECT 'backfill', 'pending' WHERE EXISTS (SELECT 1 FROM records);
