-- One active key per office: a key ends when a supervisor replaces it or
-- revokes it, and is kept, with its validity, for the copies it signed.
CREATE TABLE office_key_ends (
	key_id TEXT PRIMARY KEY REFERENCES office_keys (key_id),
	ended  TEXT NOT NULL,
	how    TEXT NOT NULL CHECK (how IN ('replaced', 'revoked')),
	by     TEXT NOT NULL,
	note   TEXT NOT NULL DEFAULT ''
);

CREATE TRIGGER office_key_ends_no_delete BEFORE DELETE ON office_key_ends
BEGIN
	SELECT RAISE(ABORT, 'a key that ended stays ended');
END;

-- A replaced key may still be revoked; nothing else changes.
CREATE TRIGGER office_key_ends_only_revoke BEFORE UPDATE ON office_key_ends
WHEN NOT (OLD.how = 'replaced' AND NEW.how = 'revoked')
BEGIN
	SELECT RAISE(ABORT, 'a key that ended stays ended');
END;
