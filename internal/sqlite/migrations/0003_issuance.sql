-- Certified extracts (bản sao trích lục): the offices' public signing keys
-- and the append-only log of the copies issued.

-- The public half of an office's Ed25519 key; the private half stays in a
-- file at the office.
CREATE TABLE office_keys (
	key_id     TEXT PRIMARY KEY,       -- first 16 hex digits of sha256(public_key)
	office     TEXT NOT NULL,
	public_key BLOB NOT NULL UNIQUE CHECK (length(public_key) = 32),
	created    TEXT NOT NULL
);

CREATE INDEX office_keys_office ON office_keys (office, created);

-- One row per copy issued. seq is the office's own number for the year: it
-- is MAX(seq) + 1 at allocation, and rows are never deleted, so a number is
-- never given twice.
CREATE TABLE issuances (
	id        INTEGER PRIMARY KEY,
	copy_no   TEXT NOT NULL,           -- "12/2026/TLKS-BS"
	office    TEXT NOT NULL,           -- the issuing office
	year      INTEGER NOT NULL,
	seq       INTEGER NOT NULL CHECK (seq > 0),
	record_id TEXT NOT NULL REFERENCES records (id),
	issued_by TEXT NOT NULL,
	requester TEXT NOT NULL DEFAULT '',
	at        TEXT NOT NULL,
	content   BLOB NOT NULL,           -- the canonical content that was signed
	signature BLOB NOT NULL,
	key_id    TEXT NOT NULL REFERENCES office_keys (key_id),
	UNIQUE (office, year, seq),
	UNIQUE (office, copy_no)
);

CREATE INDEX issuances_record ON issuances (record_id, id);
CREATE INDEX issuances_copy ON issuances (copy_no);

CREATE TRIGGER issuances_no_update BEFORE UPDATE ON issuances
BEGIN
	SELECT RAISE(ABORT, 'issuances are append-only');
END;

CREATE TRIGGER issuances_no_delete BEFORE DELETE ON issuances
BEGIN
	SELECT RAISE(ABORT, 'issuances are append-only');
END;

-- A key that signed a copy must stay, or the copy could not be checked.
CREATE TRIGGER office_keys_no_delete BEFORE DELETE ON office_keys
BEGIN
	SELECT RAISE(ABORT, 'office keys are kept for checking old extracts');
END;

CREATE TRIGGER office_keys_no_update BEFORE UPDATE ON office_keys
BEGIN
	SELECT RAISE(ABORT, 'office keys cannot be changed');
END;
