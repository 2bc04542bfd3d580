-- The review station: accounts, sessions, task stages and the queue order,
-- and the keyings of double entry.

-- A user of the review station. The password is kept only as its KDF
-- output, in the KDF's own encoded form.
CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	name          TEXT NOT NULL UNIQUE,
	role          TEXT NOT NULL CHECK (role IN ('reviewer', 'supervisor', 'issuer')),
	password_hash TEXT NOT NULL,
	created       TEXT NOT NULL
);

-- A signed-in browser. Only the SHA-256 of the cookie's token is kept, so
-- that a copy of the file does not sign anyone in.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf       TEXT NOT NULL,
	expires    TEXT NOT NULL
);

CREATE INDEX sessions_expires ON sessions (expires);

-- stage: single entry (review) or where a double entry stands.
-- priority: the number of open tasks of the task's record, kept up to date
-- as tasks close, so that records closest to verified come first.
-- skipped_by, skipped_until: who skipped the task last, and until when it
-- is not offered to them again.
-- note: why the task is at its stage ("không đọc được").
ALTER TABLE tasks ADD COLUMN stage TEXT NOT NULL DEFAULT 'review'
	CHECK (stage IN ('review', 'entry1', 'entry2', 'arbitrate'));
ALTER TABLE tasks ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN skipped_by TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN skipped_until TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN note TEXT NOT NULL DEFAULT '';

-- open_tasks: how many open tasks the record has, for per-batch progress
-- without a walk of the whole queue; kept with the tasks' priority.
ALTER TABLE records ADD COLUMN open_tasks INTEGER NOT NULL DEFAULT 0;

UPDATE records SET open_tasks = (
	SELECT COUNT(*) FROM tasks o WHERE o.record_id = records.id AND o.status = 'open'
);

UPDATE tasks SET priority = (
	SELECT COUNT(*) FROM tasks o WHERE o.record_id = tasks.record_id AND o.status = 'open'
) WHERE status = 'open';

-- The queue: open tasks in priority order. A walk of this index stops at
-- the first task that is free and of a stage the user may take; stage and
-- lease are checked per row rather than indexed, because leased tasks are
-- few (one or a group per person signed in) and the stages a person may not
-- take are rare, while an index led by stage could not give the order
-- without a sort of every open task. The rowid ends every index entry, so
-- the order is priority, created, id.
DROP INDEX tasks_open;
CREATE INDEX tasks_queue ON tasks (priority, created) WHERE status = 'open';

-- The queue narrowed to one field key or one reason (the filters a
-- reviewer picks most), in the same order without a sort.
CREATE INDEX tasks_key_queue ON tasks (field_key, priority, created) WHERE status = 'open';
CREATE INDEX tasks_reason_queue ON tasks (reason, priority, created) WHERE status = 'open';

-- Group mode and the field-key counts: open tasks of one key and stage,
-- oldest first.
CREATE INDEX tasks_field ON tasks (field_key, stage, created) WHERE status = 'open';

-- A person's own leases, found again first; and the leased count.
CREATE INDEX tasks_lease ON tasks (leased_by, lease_until) WHERE status = 'open';

-- One person's value for a double-entry field; raw is what they typed.
CREATE TABLE keyings (
	id      INTEGER PRIMARY KEY,
	task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
	user    TEXT NOT NULL,
	value   TEXT NOT NULL DEFAULT '',
	raw     TEXT NOT NULL DEFAULT '',
	at      TEXT NOT NULL
);

CREATE INDEX keyings_task ON keyings (task_id, user);

-- Throughput per person: the events of people, not of the pipeline.
CREATE INDEX events_people ON events (actor, action, at) WHERE actor <> 'civreg';
