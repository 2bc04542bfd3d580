-- Possible duplicates: the same person or event entered twice (an entry and
-- its re-registration, a page scanned from two books).

-- The keys a record can be matched on ("KS|n|nguyen van an|2001-02-03",
-- "KS|i|079201000001"), each with the kind in front so that only records of
-- one kind meet. Looking up one key is an index seek, so a run costs the
-- records that changed, not the 12 million that did not.
CREATE TABLE duplicate_keys (
	key       TEXT NOT NULL,
	record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	PRIMARY KEY (key, record_id)
) WITHOUT ROWID;
CREATE INDEX duplicate_keys_record ON duplicate_keys (record_id);

-- The record version the keys were computed from: a record whose version
-- moved (a reviewer corrected a name) is keyed again by the next run.
-- pending: keyed, but its pairs not looked for yet. A run first keys every
-- changed record, then pairs the pending ones, so that pairs are judged
-- against all keys; a run cut short goes on from there.
CREATE TABLE duplicate_keyed (
	record_id TEXT PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
	version   INTEGER NOT NULL,
	pending   INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
CREATE INDEX duplicate_keyed_pending ON duplicate_keyed (record_id) WHERE pending = 1;

-- A flagged pair, record_a < record_b, and what a person decided about it.
CREATE TABLE duplicates (
	id         INTEGER PRIMARY KEY,
	record_a   TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	record_b   TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	score      REAL NOT NULL CHECK (score BETWEEN 0 AND 1),
	why        TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'linked', 'dismissed')),
	decided_by TEXT NOT NULL DEFAULT '',
	decided_at TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT '',
	created    TEXT NOT NULL,
	CHECK (record_a < record_b),
	UNIQUE (record_a, record_b)
);
CREATE INDEX duplicates_status ON duplicates (status, score DESC, id);
CREATE INDEX duplicates_record_b ON duplicates (record_b);
