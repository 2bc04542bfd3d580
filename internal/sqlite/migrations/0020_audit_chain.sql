-- The tamper-evident log: a hash chain over events and issuances, and the
-- office-signed checkpoints over its head (see internal/audit). Existing
-- rows are chained by the migration's Go step, in the order they were
-- written.

-- One link per event or issuance: hash = H(previous hash, the row's
-- canonical content). seq has no gaps.
CREATE TABLE audit_chain (
	seq    INTEGER PRIMARY KEY,
	source TEXT NOT NULL CHECK (source IN ('event', 'issuance')),
	row_id INTEGER NOT NULL,
	hash   BLOB NOT NULL CHECK (length(hash) = 32),
	UNIQUE (source, row_id)
);

-- An office key's signature over the chain's head at one moment.
CREATE TABLE audit_checkpoints (
	id        INTEGER PRIMARY KEY,
	seq       INTEGER NOT NULL,
	hash      BLOB NOT NULL CHECK (length(hash) = 32),
	at        TEXT NOT NULL,
	key_id    TEXT NOT NULL REFERENCES office_keys (key_id),
	signature BLOB NOT NULL
);

CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN
	SELECT RAISE(ABORT, 'the audit chain is append-only');
END;

CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN
	SELECT RAISE(ABORT, 'the audit chain is append-only');
END;

CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
	SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;

CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
	SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;
