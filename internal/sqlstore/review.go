package sqlstore

import (
	"context"
	"database/sql"
	"sort"
	"strings"
	"time"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/sqlrows"
	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/internal/workflow"
	"github.com/civreg/civreg/registry"
)

// Compile-time check that Store leases and settles review tasks.
var _ registry.ReviewStore = (*Store[Tx])(nil)

// availableSQL is the condition for an open task the user may take, apart
// from the lease: a stage of their role, not the second keying of their
// own first, matching f and, if hideSkipped, not skipped by them lately.
// Leases are left to the caller, who wants either the user's own or the
// free ones.
func (d Dialect) availableSQL(user string, ss []registry.TaskStage, f registry.TaskFilter, now time.Time, hideSkipped bool) (string, []any) {
	marks := Placeholders(len(ss))
	// The hint on stage keeps SQLite's planner on an index that gives the
	// queue's order rather than one that starts with the stage and needs
	// a sort.
	cond := []string{
		`t.status = 'open'`,
		d.Hint + `t.stage IN (` + marks + `)`,
		`NOT (t.stage = 'entry2' AND EXISTS (SELECT 1 FROM keyings k WHERE k.task_id = t.id AND k.` + d.User + ` = ?))`,
	}
	var args []any
	for _, s := range ss {
		args = append(args, string(s))
	}
	args = append(args, user)
	if hideSkipped {
		cond = append(cond, `NOT (t.skipped_by = ? AND t.skipped_until > ?)`)
		args = append(args, user, storetime.Format(now))
	}
	if f.BatchID != 0 {
		cond = append(cond, `EXISTS (SELECT 1 FROM records r JOIN pages p ON p.id = r.page_id WHERE r.id = t.record_id AND p.batch_id = ?)`)
		args = append(args, f.BatchID)
	}
	if f.Kind != "" {
		cond = append(cond, `EXISTS (SELECT 1 FROM records r WHERE r.id = t.record_id AND r.kind = ?)`)
		args = append(args, string(f.Kind))
	}
	if f.FieldKey != "" {
		cond = append(cond, `t.field_key = ?`)
		args = append(args, f.FieldKey)
	}
	if f.Reason != "" {
		if strings.HasPrefix(string(f.Reason), string(registry.ReasonRulePrefix)) {
			// A prefix as a range, which an index can answer.
			cond = append(cond, `t.reason >= ? AND t.reason < ?`)
			args = append(args, string(f.Reason), string(f.Reason)+"\U0010FFFF")
		} else {
			cond = append(cond, `t.reason = ?`)
			args = append(args, string(f.Reason))
		}
	}
	return strings.Join(cond, ` AND `), args
}

// The lease conditions. The hint keeps SQLite's planner from answering
// the OR with the lease index, which holds every open task under an empty
// leased_by and would cost a sort of the whole queue.
const (
	ownLeaseSQL = `t.leased_by = ? AND t.lease_until > ?`
	queueOrder  = ` ORDER BY t.priority, t.created, t.id`
)

// freeLeaseSQL is the condition for a task nobody holds: never leased, or
// its lease over at the time of its one parameter.
func (d Dialect) freeLeaseSQL() string {
	return `(` + d.Hint + `t.leased_by = '' OR ` + d.Hint + `t.lease_until <= ?)`
}

// freeOrOwnSQL is the condition for a task that nobody else holds at the
// time of its second parameter, the user being its first.
func (d Dialect) freeOrOwnSQL() string {
	return `(` + d.Hint + `t.leased_by = ? OR ` + d.Hint + `t.leased_by = '' OR ` + d.Hint + `t.lease_until <= ?)`
}

// NextTask leases the next open task the user may take, for lease (0: the
// default lease): the user's own unexpired lease first, so that a reload
// does not lose a task, then the queue in priority order — records with
// the fewest open tasks first, then oldest. ENOTFOUND when the queue is
// empty for this user, EUNAUTHORIZED for a role that does not review.
func (s *Store[T]) NextTask(ctx context.Context, user registry.User, f registry.TaskFilter, lease time.Duration) (*registry.TaskView, error) {
	ss, err := workflow.Stages(user.Role)
	if err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	now := s.now()
	cond, args := s.d.availableSQL(user.Name, ss, f, now, true)
	id, err := firstID(ctx, tx, `SELECT t.id FROM tasks t WHERE `+cond+` AND `+ownLeaseSQL+queueOrder+` LIMIT 1`+s.d.LockFree,
		append(args, user.Name, storetime.Format(now))...)
	if err != nil {
		return nil, err
	}
	if id == 0 {
		id, err = firstID(ctx, tx, `SELECT t.id FROM tasks t WHERE `+cond+` AND `+s.d.freeLeaseSQL()+queueOrder+` LIMIT 1`+s.d.LockFree,
			append(args, storetime.Format(now))...)
		if err != nil {
			return nil, err
		}
	}
	if id == 0 {
		return nil, workflow.ErrEmpty
	}
	v, err := s.d.leaseTask(ctx, tx, id, user.Name, now, workflow.Lease(lease))
	if err != nil {
		return nil, err
	}
	return v, tx.Commit()
}

// firstID returns the id the query selects, or 0 when it selects nothing.
func firstID(ctx context.Context, tx Querier, q string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, q, args...).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return id, err
}

// LeaseTask leases one given task to the user, renewing the lease if the
// user holds it already. ENOTFOUND if there is no such open task, ECONFLICT
// if someone else holds it, EUNAUTHORIZED if its stage is not the user's.
func (s *Store[T]) LeaseTask(ctx context.Context, user registry.User, taskID int64, lease time.Duration) (*registry.TaskView, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	now := s.now()
	t, err := s.d.getTask(ctx, tx, taskID)
	if err != nil {
		return nil, err
	}
	keyed, err := s.d.hasKeyed(ctx, tx, t.ID, user.Name)
	if err != nil {
		return nil, err
	}
	if err := workflow.CheckLease(t, user.Name, user.Role, keyed, now); err != nil {
		return nil, err
	}
	v, err := s.d.leaseTask(ctx, tx, taskID, user.Name, now, workflow.Lease(lease))
	if err != nil {
		return nil, err
	}
	return v, tx.Commit()
}

// GroupTasks leases up to limit (0: 20, at most 200) open single-entry
// tasks of one field key that nobody else holds, oldest first, the user's
// own leases included. f.FieldKey is ignored in favour of fieldKey. It
// returns no tasks and no error when there are none.
func (s *Store[T]) GroupTasks(ctx context.Context, user registry.User, fieldKey string, f registry.TaskFilter, limit int, lease time.Duration) ([]*registry.TaskView, error) {
	if _, err := workflow.Stages(user.Role); err != nil {
		return nil, err
	}
	limit = workflow.GroupLimit(limit)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	now := s.now()
	f.FieldKey = fieldKey
	cond, args := s.d.availableSQL(user.Name, []registry.TaskStage{registry.StageReview}, f, now, true)
	ids, err := sqlrows.Column[int64](ctx, tx, `SELECT t.id FROM tasks t WHERE `+cond+` AND t.stage = 'review'`+
		` AND `+s.d.freeOrOwnSQL()+` ORDER BY t.created, t.id LIMIT ?`+s.d.LockFree,
		append(args, user.Name, storetime.Format(now), limit)...)
	if err != nil {
		return nil, err
	}
	out := []*registry.TaskView{}
	for _, id := range ids {
		v, err := s.d.leaseTask(ctx, tx, id, user.Name, now, workflow.Lease(lease))
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, tx.Commit()
}

// RecordTasks leases every open task of one record that the user may take
// and nobody else holds, in the order the form prints the fields. With
// recordID "" it picks the record with the most open tasks among those
// with a task the user may take (the oldest of equals). ENOTFOUND when
// there is none.
func (s *Store[T]) RecordTasks(ctx context.Context, user registry.User, recordID string, lease time.Duration) ([]*registry.TaskView, error) {
	ss, err := workflow.Stages(user.Role)
	if err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	now := s.now()
	if recordID == "" {
		if recordID, err = s.d.busiestRecord(ctx, tx, user.Name, ss, now); err != nil {
			return nil, err
		}
	}
	var kind, era string
	err = tx.QueryRowContext(ctx, `SELECT kind, era FROM records WHERE id = ?`, recordID).Scan(&kind, &era)
	if err == sql.ErrNoRows {
		return nil, registry.Errorf(registry.ENOTFOUND, "không có bản ghi %s", recordID)
	} else if err != nil {
		return nil, err
	}
	cond, args := s.d.availableSQL(user.Name, ss, registry.TaskFilter{}, now, false)
	rows, err := tx.QueryContext(ctx, `SELECT t.id, t.field_key FROM tasks t WHERE `+cond+
		` AND t.record_id = ? AND `+s.d.freeOrOwnSQL()+s.d.LockFree,
		append(args, recordID, user.Name, storetime.Format(now))...)
	if err != nil {
		return nil, err
	}
	type idKey struct {
		id  int64
		key string
	}
	var tasks []idKey
	for rows.Next() {
		var t idKey
		if err := rows.Scan(&t.id, &t.key); err != nil {
			rows.Close()
			return nil, err
		}
		tasks = append(tasks, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(tasks) == 0 {
		return nil, registry.Errorf(registry.ENOTFOUND, "bản ghi %s không còn việc nào cho bạn", recordID)
	}
	order := map[string]int{}
	if fm := form.Get(registry.Kind(kind), registry.Era(era)); fm != nil {
		for i, k := range fm.Keys() {
			order[k] = i + 1
		}
	}
	sort.Slice(tasks, func(i, j int) bool {
		oi, oj := order[tasks[i].key], order[tasks[j].key]
		if oi == 0 {
			oi = len(order) + 1 // keys the form does not print go last
		}
		if oj == 0 {
			oj = len(order) + 1
		}
		if oi != oj {
			return oi < oj
		}
		if tasks[i].key != tasks[j].key {
			return tasks[i].key < tasks[j].key
		}
		return tasks[i].id < tasks[j].id
	})
	var out []*registry.TaskView
	for _, t := range tasks {
		v, err := s.d.leaseTask(ctx, tx, t.id, user.Name, now, workflow.Lease(lease))
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, tx.Commit()
}

// busiestRecord returns the record with the most open tasks that has one
// the user may take now, the oldest of equals.
func (d Dialect) busiestRecord(ctx context.Context, tx Querier, user string, ss []registry.TaskStage, now time.Time) (string, error) {
	cond, args := d.availableSQL(user, ss, registry.TaskFilter{}, now, true)
	cond += ` AND ` + d.freeOrOwnSQL()
	args = append(args, user, storetime.Format(now))
	// Two walks of the queue index: the highest priority from its end,
	// then the oldest task of that priority from its start.
	var top int64
	err := tx.QueryRowContext(ctx, `SELECT t.priority FROM tasks t WHERE `+cond+` ORDER BY t.priority DESC LIMIT 1`, args...).Scan(&top)
	if err == sql.ErrNoRows {
		return "", workflow.ErrEmpty
	} else if err != nil {
		return "", err
	}
	var id string
	err = tx.QueryRowContext(ctx, `SELECT t.record_id FROM tasks t WHERE `+cond+` AND t.priority = ? ORDER BY t.created, t.id LIMIT 1`,
		append(args, top)...).Scan(&id)
	if err == sql.ErrNoRows {
		return "", workflow.ErrEmpty
	}
	return id, err
}

func (d Dialect) getTask(ctx context.Context, tx Querier, id int64) (*workflow.Task, error) {
	var t workflow.Task
	var created, until string
	err := tx.QueryRowContext(ctx, `
		SELECT id, record_id, field_key, reason, stage, status, created, leased_by, lease_until, note
		FROM tasks WHERE id = ?`+d.ForUpdate, id).
		Scan(&t.ID, &t.RecordID, &t.FieldKey, &t.Reason, &t.Stage, &t.Status, &created, &t.LeasedBy, &until, &t.Note)
	if err == sql.ErrNoRows {
		return nil, registry.Errorf(registry.ENOTFOUND, "không có việc %d", id)
	} else if err != nil {
		return nil, err
	}
	if t.Created, err = storetime.Parse(created); err != nil {
		return nil, err
	}
	if t.LeaseUntil, err = storetime.Parse(until); err != nil {
		return nil, err
	}
	return &t, nil
}

func (d Dialect) hasKeyed(ctx context.Context, tx Querier, taskID int64, user string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM keyings WHERE task_id = ? AND `+d.User+` = ?`, taskID, user).Scan(&n)
	return n > 0, err
}

// leaseTask gives the task to user until now+lease and returns its view.
func (d Dialect) leaseTask(ctx context.Context, tx Querier, id int64, user string, now time.Time, lease time.Duration) (*registry.TaskView, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE tasks SET leased_by = ?, lease_until = ? WHERE id = ?`,
		user, storetime.Format(now.Add(lease)), id); err != nil {
		return nil, err
	}
	return d.taskView(ctx, tx, id)
}

// taskView reads a task with its record, the field's version and, for
// arbitration, the keyings. Every field of the record that waits for a
// blind second keying is blanked but for its key, box and status, so that
// no screen can show it.
func (d Dialect) taskView(ctx context.Context, tx Querier, id int64) (*registry.TaskView, error) {
	t, err := d.getTask(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	v := &registry.TaskView{Task: t.Task, Stage: t.Stage, LeaseUntil: t.LeaseUntil, Note: t.Note, Blind: t.Stage == registry.StageEntry2}
	err = ScanRecords(ctx, tx, d.RecordQuery()+` WHERE r.id = ?`, []any{t.RecordID}, func(r *registry.Record) error {
		v.Record = r
		return nil
	})
	if err != nil {
		return nil, err
	} else if v.Record == nil {
		return nil, registry.Errorf(registry.ENOTFOUND, "không có bản ghi %s", t.RecordID)
	}
	v.Field = v.Record.Fields[t.FieldKey]
	if v.Field == nil {
		return nil, registry.Errorf(registry.EINTERNAL, "task %d names field %s, which record %s does not have", id, t.FieldKey, t.RecordID)
	}
	if err := tx.QueryRowContext(ctx, `SELECT version FROM fields WHERE record_id = ? AND key = ?`, t.RecordID, t.FieldKey).Scan(&v.Version); err != nil {
		return nil, err
	}
	blind, err := sqlrows.Column[string](ctx, tx, `SELECT field_key FROM tasks WHERE record_id = ? AND status = 'open' AND stage = 'entry2'`, t.RecordID)
	if err != nil {
		return nil, err
	}
	for _, k := range blind {
		if f := v.Record.Fields[k]; f != nil {
			f.Value, f.Raw, f.Confidence, f.Note = "", "", 0, ""
		}
	}
	if t.Stage == registry.StageArbitrate {
		if v.Keyings, err = d.keyings(ctx, tx, id); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (d Dialect) keyings(ctx context.Context, tx Querier, taskID int64) ([]registry.Keying, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+d.User+`, value, at FROM keyings WHERE task_id = ? ORDER BY id`, taskID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []registry.Keying
	for rows.Next() {
		var k registry.Keying
		var at string
		if err := rows.Scan(&k.User, &k.Value, &at); err != nil {
			return nil, err
		}
		if k.At, err = storetime.Parse(at); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// Submit settles or skips a task the user holds; see
// registry.ReviewStore.Submit and workflow.Decide for the rules. The user's
// role is read from the users table (EUNAUTHORIZED for an unknown user). A
// change of field bumps the field's and the record's version, recomputes
// the record's status (verified when no field needs review and no task is
// open) and the priority of its other tasks, and updates the search keys.
func (st *Store[T]) Submit(ctx context.Context, s registry.Submission) (*registry.Outcome, error) {
	if err := workflow.CheckAction(s.Action); err != nil {
		return nil, err
	}
	tx, err := st.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	now := st.now()
	// The record first, then the task: settling a field updates the
	// priority of every open task of its record, so two submits on one
	// record that locked their own tasks first would deadlock.
	if st.d.LockTaskRecord != "" {
		if _, err := tx.ExecContext(ctx, st.d.LockTaskRecord, s.TaskID); err != nil {
			return nil, err
		}
	}
	t, err := st.d.getTask(ctx, tx, s.TaskID)
	if err != nil {
		return nil, err
	}
	var role registry.Role
	if u, err := findUser(ctx, tx, s.User); err == nil {
		role = u.Role
	} else if registry.ErrorCode(err) != registry.ENOTFOUND {
		return nil, err
	}
	keyed, err := st.d.hasKeyed(ctx, tx, t.ID, s.User)
	if err != nil {
		return nil, err
	}
	f, version, err := getField(ctx, tx, t.RecordID, t.FieldKey)
	if err != nil {
		return nil, err
	}
	if err := workflow.Admit(s, t, role, keyed, version, now); err != nil {
		return nil, err
	}
	var first *string
	var v string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM keyings WHERE task_id = ? ORDER BY id LIMIT 1`, t.ID).Scan(&v); err == nil {
		first = &v
	} else if err != sql.ErrNoRows {
		return nil, err
	}
	plan, err := workflow.Decide(s, t, f, first, now)
	if err != nil {
		return nil, err
	}
	out := registry.Outcome{Stage: plan.Stage}
	if out.RecordVerified, err = st.carryOut(ctx, tx, t, plan, s.User, s.Raw, now); err != nil {
		return nil, err
	}
	if out.Field, _, err = getField(ctx, tx, t.RecordID, t.FieldKey); err != nil {
		return nil, err
	}
	return &out, tx.Commit()
}

// carryOut applies a plan in the submission's transaction and reports
// whether the record became verified.
func (s *Store[T]) carryOut(ctx context.Context, tx T, t *workflow.Task, p *workflow.Plan, user, raw string, now time.Time) (bool, error) {
	if p.Skip {
		if _, err := tx.ExecContext(ctx, `
			UPDATE tasks SET leased_by = '', lease_until = '', skipped_by = ?, skipped_until = ? WHERE id = ?`,
			user, storetime.Format(p.SkipUntil), t.ID); err != nil {
			return false, err
		}
	}
	if p.Keying != nil {
		if _, err := tx.ExecContext(ctx, `INSERT INTO keyings (task_id, `+s.d.User+`, value, raw, at) VALUES (?, ?, ?, ?, ?)`,
			t.ID, user, *p.Keying, raw, storetime.Format(now)); err != nil {
			return false, err
		}
	}
	if p.Move != "" {
		if _, err := tx.ExecContext(ctx, `UPDATE tasks SET stage = ?, note = ?, leased_by = '', lease_until = '' WHERE id = ?`,
			string(p.Move), p.MoveNote, t.ID); err != nil {
			return false, err
		}
	}
	for i := range p.Events {
		if err := s.InsertEvent(ctx, tx, &p.Events[i]); err != nil {
			return false, err
		}
	}
	if !p.Settle {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE fields SET value = ?, status = ?, version = version + 1 WHERE record_id = ? AND key = ?`,
		p.Value, string(p.Status), t.RecordID, t.FieldKey); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE tasks SET status = 'done', leased_by = '', lease_until = '' WHERE id = ?`, t.ID); err != nil {
		return false, err
	}
	verified, err := s.settleRecord(ctx, tx, t.RecordID, now)
	if err != nil || !verified {
		return false, err
	}
	return true, s.InsertEvent(ctx, tx, &registry.Event{At: now, Actor: user, Action: "record.verified", RecordID: t.RecordID})
}

// settleRecord brings a record up to date after one of its fields was
// settled: its status, its open task count and its search entry. It
// reports whether the record became verified.
func (s *Store[T]) settleRecord(ctx context.Context, tx T, id string, now time.Time) (bool, error) {
	var before string
	if err := tx.QueryRowContext(ctx, `SELECT status FROM records WHERE id = ?`, id).Scan(&before); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE records SET version = version + 1, updated = ?,
			status = CASE
				WHEN EXISTS (SELECT 1 FROM fields WHERE record_id = records.id AND status = 'needs_review')
				  OR EXISTS (SELECT 1 FROM tasks WHERE record_id = records.id AND status = 'open')
				THEN 'needs_review' ELSE 'verified' END
		WHERE id = ?`, storetime.Format(now), id); err != nil {
		return false, err
	}
	if err := updatePriority(ctx, tx, id); err != nil {
		return false, err
	}
	if err := s.d.IndexRecord(ctx, tx, id); err != nil {
		return false, err
	}
	var after string
	if err := tx.QueryRowContext(ctx, `SELECT status FROM records WHERE id = ?`, id).Scan(&after); err != nil {
		return false, err
	}
	return before != string(registry.RecordVerified) && after == string(registry.RecordVerified), nil
}

// updatePriority counts a record's open tasks into the record's open_tasks
// and the priority of each of them.
func updatePriority(ctx context.Context, tx Querier, recordID string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM tasks WHERE record_id = ? AND status = 'open'`, recordID).Scan(&n); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE records SET open_tasks = ? WHERE id = ?`, n, recordID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE tasks SET priority = ? WHERE record_id = ? AND status = 'open'`, n, recordID)
	return err
}

// getField returns a record's field and its version, or ENOTFOUND.
func getField(ctx context.Context, tx Querier, recordID, key string) (registry.Field, int64, error) {
	f := registry.Field{Key: key}
	var version int64
	var box [4]sql.NullInt64
	err := tx.QueryRowContext(ctx, `
		SELECT value, raw, confidence, status, box_x0, box_y0, box_x1, box_y1, reason, note, version
		FROM fields WHERE record_id = ? AND key = ?`, recordID, key).
		Scan(&f.Value, &f.Raw, &f.Confidence, &f.Status, &box[0], &box[1], &box[2], &box[3], &f.Reason, &f.Note, &version)
	if err == sql.ErrNoRows {
		return f, 0, registry.Errorf(registry.ENOTFOUND, "record %s has no field %s", recordID, key)
	} else if err != nil {
		return f, 0, err
	}
	if box[0].Valid {
		f.Box = &registry.Box{int(box[0].Int64), int(box[1].Int64), int(box[2].Int64), int(box[3].Int64)}
	}
	return f, version, nil
}

// ReleaseLeases gives back every lease the user holds, as at sign-out.
func (s *Store[T]) ReleaseLeases(ctx context.Context, user string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if _, err := tx.ExecContext(ctx, `UPDATE tasks SET leased_by = '', lease_until = '' WHERE status = 'open' AND leased_by = ?`, user); err != nil {
		return err
	}
	return tx.Commit()
}

// Progress reports the open tasks by reason and stage, the leases held,
// each person's throughput from the audit log, and each batch's records,
// verified records and open tasks.
func (s *Store[T]) Progress(ctx context.Context) (*registry.Progress, error) {
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	now := s.now()
	p := &registry.Progress{OpenByReason: map[registry.Reason]int{}, OpenByStage: map[registry.TaskStage]int{}}
	rows, err := tx.QueryContext(ctx, `SELECT reason, stage, COUNT(*) FROM tasks WHERE status = 'open' GROUP BY reason, stage`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var reason, stage string
		var n int
		if err := rows.Scan(&reason, &stage, &n); err != nil {
			return nil, err
		}
		p.OpenByReason[registry.Reason(reason)] += n
		p.OpenByStage[registry.TaskStage(stage)] += n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM tasks WHERE status = 'open' AND leased_by > '' AND lease_until > ?`,
		storetime.Format(now)).Scan(&p.Leased); err != nil {
		return nil, err
	}
	if p.Reviewers, err = s.d.reviewerStats(ctx, tx, s.clock()); err != nil {
		return nil, err
	}
	if p.Batches, err = s.d.batchStats(ctx, tx); err != nil {
		return nil, err
	}
	return p, tx.Commit()
}

// groupCount calls add with each row of a "SELECT key, COUNT(*) … GROUP BY" query.
func groupCount(ctx context.Context, tx Querier, q string, args []any, add func(string, int)) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		add(k, n)
	}
	return rows.Err()
}

// reviewerStats counts each person's work events: in all, since local
// midnight and in the last hour.
func (d Dialect) reviewerStats(ctx context.Context, tx Querier, now time.Time) ([]registry.ReviewerStat, error) {
	local := now.In(time.Local)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.Local)
	marks := Placeholders(len(workflow.WorkActions))
	args := []any{storetime.Format(midnight), storetime.Format(now.Add(-time.Hour))}
	for _, a := range workflow.WorkActions {
		args = append(args, a)
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT actor, COUNT(*), `+d.CountIf(`at >= ?`)+`, `+d.CountIf(`at >= ?`)+`, MAX(at)
		FROM events WHERE actor <> 'civreg' AND action IN (`+marks+`)
		GROUP BY actor ORDER BY actor`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []registry.ReviewerStat{}
	for rows.Next() {
		var s registry.ReviewerStat
		var last string
		if err := rows.Scan(&s.User, &s.Total, &s.Today, &s.LastHour, &last); err != nil {
			return nil, err
		}
		if s.LastEvent, err = storetime.Parse(last); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (d Dialect) batchStats(ctx context.Context, tx Querier) ([]registry.BatchStat, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT b.id, b.office, b.book, b.kind, b.era, b.started,
		       `+d.IfNull+`(r.n, 0), `+d.IfNull+`(r.verified, 0), `+d.IfNull+`(r.open, 0)
		FROM batches b
		LEFT JOIN (SELECT p.batch_id, COUNT(*) AS n, `+d.CountIf(`r.status = 'verified'`)+` AS verified, SUM(r.open_tasks)`+d.BigInt+` AS open
		           FROM records r JOIN pages p ON p.id = r.page_id GROUP BY p.batch_id) r ON r.batch_id = b.id
		ORDER BY b.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []registry.BatchStat{}
	for rows.Next() {
		var s registry.BatchStat
		var started string
		if err := rows.Scan(&s.Batch.ID, &s.Batch.Office, &s.Batch.Book, &s.Batch.Kind, &s.Batch.Era, &started,
			&s.Records, &s.Verified, &s.Open); err != nil {
			return nil, err
		}
		if s.Batch.Started, err = storetime.Parse(started); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// FieldKeys counts the open single-entry tasks by field key, for choosing
// a group.
func (s *Store[T]) FieldKeys(ctx context.Context) (map[string]int, error) {
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	out := map[string]int{}
	if err := groupCount(ctx, tx, `SELECT field_key, COUNT(*) FROM tasks WHERE status = 'open' AND stage = 'review' GROUP BY field_key`, nil,
		func(k string, n int) { out[k] = n }); err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// OpenBooks lists the books with records that need review, by office and
// book, counted on the records table alone (index records_open_books).
func (s *Store[T]) OpenBooks(ctx context.Context) ([]registry.OpenBook, error) {
	rows, err := s.rdb.QueryContext(ctx, `
		SELECT office, book, MIN(kind), COUNT(*) FROM records
		WHERE status = 'needs_review'
		GROUP BY office, book
		ORDER BY office, book`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []registry.OpenBook
	for rows.Next() {
		var b registry.OpenBook
		if err := rows.Scan(&b.Office, &b.Book, &b.Kind, &b.Open); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
