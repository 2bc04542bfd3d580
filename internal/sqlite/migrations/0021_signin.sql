-- Sign-in hardening: the attempts the station throttles on (not an audit
-- log: the events are; old rows are pruned), and accounts a supervisor
-- turned off.

-- result: failed (recorded before the password is checked, so parallel
-- guesses count at once), ok (a success clears the account's failures
-- before it), unlock (a supervisor lifted the lock).
CREATE TABLE signin_attempts (
	id     INTEGER PRIMARY KEY,
	name   TEXT NOT NULL,
	addr   TEXT NOT NULL,
	at     TEXT NOT NULL,
	result TEXT NOT NULL CHECK (result IN ('failed', 'ok', 'unlock'))
);

CREATE INDEX signin_attempts_name ON signin_attempts (name, id);
CREATE INDEX signin_attempts_addr ON signin_attempts (addr, at) WHERE result = 'failed';
CREATE INDEX signin_attempts_at ON signin_attempts (at);

ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));
