package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// Compile-time check that DB keeps duplicates.
var _ registry.DuplicateStore = (*DB)(nil)

// dupSpec says which fields of a kind make its duplicate keys.
type dupSpec struct {
	// names are the fields whose folded values, all present, make the name
	// part of a key: one person, or both of a couple.
	names    []string
	nameWhat string // how Why names them
	// dates each make one name key: the names with that date.
	dates []dupDate
	// ids are the people whose ID number, all present, make an ID key;
	// each person's number is read from the first of its fields that has
	// one.
	ids    [][]string
	idWhat string
}

type dupDate struct{ key, what string }

var dupSpecs = map[registry.Kind]dupSpec{
	registry.Birth: {
		names: []string{"nksHoTen"}, nameWhat: "họ tên",
		dates: []dupDate{{"nksNgaySinh", "ngày sinh"}},
		ids:   [][]string{{"nksSoDinhDanh"}}, idWhat: "số định danh",
	},
	registry.Death: {
		names: []string{"nktHoTen"}, nameWhat: "họ tên",
		dates: []dupDate{{"nktNgaySinh", "ngày sinh"}, {"nktNgayChet", "ngày chết"}},
		ids:   [][]string{{"nktGiayToTuyThan", "nktSoGiayToTuyThan"}}, idWhat: "số giấy tờ",
	},
	registry.Marriage: {
		names: []string{"chongHoTen", "voHoTen"}, nameWhat: "họ tên chồng và vợ",
		dates: []dupDate{{"chongNgaySinh", "ngày sinh của chồng"}, {"voNgaySinh", "ngày sinh của vợ"}},
		ids:   [][]string{{"chongGiayToTuyThan", "chongSoGiayToTuyThan"}, {"voGiayToTuyThan", "voSoGiayToTuyThan"}}, idWhat: "số giấy tờ của chồng và vợ",
	},
	registry.Recognition: {
		names: []string{"nnHoTen", "ndnHoTen"}, nameWhat: "họ tên người nhận và người được nhận",
		dates: []dupDate{{"ndnNgaySinh", "ngày sinh người được nhận"}},
		ids:   [][]string{{"nnGiayToTuyThan", "nnSoGiayToTuyThan"}, {"ndnGiayToTuyThan"}}, idWhat: "số giấy tờ của hai bên",
	},
}

// Evidence weights: the probability, on its own, that a pair sharing this
// is one entry twice. A run combines independent pieces as 1 − Π(1 − w).
const (
	dupWeightID      = 0.9 // an ID number is unique to a person
	dupWeightDate    = 0.8 // the same name born (or dead) the same day
	dupWeightYear    = 0.5 // the same name and only the year: common names meet
	dupWeightReentry = 0.5 // one of them says it is a re-registration
)

// dupMaxKeyShare bounds the records one key may join: a key shared by more is
// not distinctive (a misread name, "Nguyễn Văn" born 1950) and is not
// evidence; it would otherwise flag every pair among them.
const dupMaxKeyShare = 20

// dupChunk is how many records one write transaction keys: small enough
// that a scan writing pages at the same time waits milliseconds, not
// seconds.
const dupChunk = 200

var (
	dupDatePrefix = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?`)
	dupIDRun      = regexp.MustCompile(`\d(?:[\d .]*\d)?`)
)

// dupKey is one key of a record and the evidence it stands for.
type dupKey struct {
	key    string
	weight float64
	why    string
}

// dupKeys returns the keys of a record of kind k with the given field
// values.
func dupKeys(k registry.Kind, values map[string]string) []dupKey {
	spec, ok := dupSpecs[k]
	if !ok {
		return nil
	}
	var out []dupKey
	var names []string
	for _, f := range spec.names {
		n := normalize.FoldKey(values[f])
		if n == "" {
			names = nil
			break
		}
		names = append(names, n)
	}
	if names != nil {
		for _, dd := range spec.dates {
			date := dupDatePrefix.FindString(strings.TrimSpace(values[dd.key]))
			if date == "" {
				continue
			}
			w, what := dupWeightDate, dd.what
			if len(date) < len("2006-01-02") {
				w, what = dupWeightYear, dd.what+" (chỉ có năm hoặc tháng)"
			}
			out = append(out, dupKey{
				key:    fmt.Sprintf("%s|n|%s|%s|%s", k, dd.key, strings.Join(names, "+"), date),
				weight: w,
				why:    fmt.Sprintf("cùng %s và %s %s", spec.nameWhat, what, date),
			})
		}
	}
	var ids []string
	for _, alts := range spec.ids {
		id := ""
		for _, f := range alts {
			if id = dupIDNumber(values[f]); id != "" {
				break
			}
		}
		if id == "" {
			ids = nil
			break
		}
		ids = append(ids, id)
	}
	if ids != nil {
		out = append(out, dupKey{
			key:    fmt.Sprintf("%s|i|%s", k, strings.Join(ids, "+")),
			weight: dupWeightID,
			why:    fmt.Sprintf("cùng %s %s", spec.idWhat, strings.Join(ids, ", ")),
		})
	}
	return out
}

// dupIDNumber finds a CMND (9 digits) or personal ID (12 digits) in a field
// value, which may be a bare number or a description ("CCCD số 079… cấp
// ngày …"); digits grouped by spaces or dots count as one number.
func dupIDNumber(v string) string {
	for _, m := range dupIDRun.FindAllString(v, -1) {
		d := strings.NewReplacer(" ", "", ".", "").Replace(m)
		if len(d) == 9 || len(d) == 12 {
			return d
		}
	}
	return ""
}

// dupReentry reports whether a record says it is a re-registration ("Đăng ký
// lại" ticked, or written or stamped in Ghi chú).
func dupReentry(values map[string]string) bool {
	for _, k := range []string{"loaiDangKy", "ghiChu"} {
		if strings.Contains(normalize.FoldKey(values[k]), "dang ky lai") {
			return true
		}
	}
	return false
}

// dupFields are the fields dupKeys and dupReentry read, so that keying
// a record reads a handful of rows rather than all of its fields.
var dupFields = func() []string {
	set := map[string]bool{"loaiDangKy": true, "ghiChu": true}
	for _, s := range dupSpecs {
		for _, f := range s.names {
			set[f] = true
		}
		for _, dd := range s.dates {
			set[dd.key] = true
		}
		for _, alts := range s.ids {
			for _, f := range alts {
				set[f] = true
			}
		}
	}
	var out []string
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}()

// FindDuplicates keys the records added or changed since the last run,
// then looks for the pairs of each of them. It works in small
// transactions, so it may run while a scan stores pages; a run cut short
// leaves a consistent store and the next run goes on.
func (d *DB) FindDuplicates(ctx context.Context) (registry.DuplicateScan, error) {
	var s registry.DuplicateScan
	// Key first, pair after: a pair is judged against every key, so that a
	// key which turns out common (dupMaxKeyShare) flags nothing.
	if err := d.dupChunks(ctx, `
		SELECT r.id FROM records r
		LEFT JOIN duplicate_keyed k ON k.record_id = r.id
		WHERE r.id > ? AND (k.version IS NULL OR k.version <> r.version)
		ORDER BY r.id LIMIT ?`, func(tx *dupTx, id string) error {
		s.Records++
		return dupKeyRecord(ctx, tx, id)
	}); err != nil {
		return s, err
	}
	now := formatTime(d.now())
	if err := d.dupChunks(ctx, `
		SELECT record_id FROM duplicate_keyed
		WHERE pending = 1 AND record_id > ? ORDER BY record_id LIMIT ?`, func(tx *dupTx, id string) error {
		n, err := dupPairRecord(ctx, tx, id, now)
		s.Flagged += n
		return err
	}); err != nil {
		return s, err
	}
	err := d.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM duplicates WHERE status = 'open'`).Scan(&s.Open)
	return s, err
}

// dupChunks lists record ids with query (taking the last id seen and a
// limit) on the read-only connection, so that the walk blocks no writer,
// and calls fn for each inside a write transaction per chunk.
func (d *DB) dupChunks(ctx context.Context, query string, fn func(*dupTx, string) error) error {
	after := ""
	for {
		ids, err := d.dupListIDs(ctx, query, after)
		if err != nil || len(ids) == 0 {
			return err
		}
		tx, err := d.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		dt := &dupTx{tx: tx, stmts: map[string]*sql.Stmt{}}
		for _, id := range ids {
			if err := fn(dt, id); err != nil {
				tx.Rollback()
				return fmt.Errorf("duplicates of record %s: %w", id, err)
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		after = ids[len(ids)-1]
	}
}

func (d *DB) dupListIDs(ctx context.Context, query, after string) ([]string, error) {
	rows, err := d.rdb.QueryContext(ctx, query, after, dupChunk)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// dupKeyRecord replaces the keys of one record and marks it pending.
func dupKeyRecord(ctx context.Context, tx *dupTx, id string) error {
	var kind string
	var version int64
	err := tx.queryRow(ctx, `SELECT kind, version FROM records WHERE id = ?`, []any{id}, &kind, &version)
	if err == sql.ErrNoRows {
		return nil // gone since it was listed
	} else if err != nil {
		return err
	}
	values, err := dupValues(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM duplicate_keys WHERE record_id = ?`, id); err != nil {
		return err
	}
	for _, k := range dupKeys(registry.Kind(kind), values) {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO duplicate_keys (key, record_id) VALUES (?, ?)`, k.key, id); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO duplicate_keyed (record_id, version, pending) VALUES (?, ?, 1)
		ON CONFLICT (record_id) DO UPDATE SET version = excluded.version, pending = 1`, id, version)
	return err
}

// dupPairRecord flags the pairs of one pending record, withdraws its open
// pairs that no longer share a key, and returns the number flagged for the
// first time.
func dupPairRecord(ctx context.Context, tx *dupTx, id, now string) (int, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE duplicate_keyed SET pending = 0 WHERE record_id = ?`, id); err != nil {
		return 0, err
	}
	var kind string
	err := tx.queryRow(ctx, `SELECT kind FROM records WHERE id = ?`, []any{id}, &kind)
	if err == sql.ErrNoRows {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	values, err := dupValues(ctx, tx, id)
	if err != nil {
		return 0, err
	}
	keys := dupKeys(registry.Kind(kind), values)

	// The partners: other records sharing a key, with what they share.
	shared := map[string][]dupKey{}
	for _, k := range keys {
		others, err := dupKeyHolders(ctx, tx, k.key, id)
		if err != nil {
			return 0, err
		}
		if len(others) >= dupMaxKeyShare {
			continue
		}
		for _, o := range others {
			shared[o] = append(shared[o], k)
		}
	}
	mine := dupReentry(values)
	flagged := 0
	for other, ks := range shared {
		theirs, err := dupValues(ctx, tx, other)
		if err != nil {
			return 0, err
		}
		score, why := dupJudge(ks, mine || dupReentry(theirs))
		a, b := id, other
		if b < a {
			a, b = b, a
		}
		res, err := tx.ExecContext(ctx, `
			INSERT INTO duplicates (record_a, record_b, score, why, created) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (record_a, record_b) DO NOTHING`, a, b, score, why, now)
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			flagged++
			continue
		}
		// Flagged before: fresh evidence for an open pair; a decided pair
		// keeps what the person saw and decided.
		if _, err := tx.ExecContext(ctx, `
			UPDATE duplicates SET score = ?, why = ?
			WHERE record_a = ? AND record_b = ? AND status = 'open'`, score, why, a, b); err != nil {
			return 0, err
		}
	}

	// Open pairs whose evidence is gone (a reviewer corrected the name).
	rows, err := tx.QueryContext(ctx, `
		SELECT id, record_a, record_b FROM duplicates WHERE status = 'open' AND record_a = ?
		UNION ALL
		SELECT id, record_a, record_b FROM duplicates WHERE status = 'open' AND record_b = ?`, id, id)
	if err != nil {
		return 0, err
	}
	var gone []int64
	for rows.Next() {
		var pid int64
		var a, b string
		if err := rows.Scan(&pid, &a, &b); err != nil {
			rows.Close()
			return 0, err
		}
		other := a
		if other == id {
			other = b
		}
		if _, ok := shared[other]; !ok {
			gone = append(gone, pid)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, pid := range gone {
		if _, err := tx.ExecContext(ctx, `DELETE FROM duplicates WHERE id = ?`, pid); err != nil {
			return 0, err
		}
	}
	return flagged, nil
}

// dupKeyHolders returns the records other than self holding key, at most
// dupMaxKeyShare of them.
func dupKeyHolders(ctx context.Context, tx *dupTx, key, self string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT record_id FROM duplicate_keys WHERE key = ? AND record_id <> ? LIMIT ?`, key, self, dupMaxKeyShare)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// dupValues reads the values of the fields that keys and re-registration
// marks are made of.
func dupValues(ctx context.Context, tx *dupTx, id string) (map[string]string, error) {
	q := `SELECT key, value FROM fields WHERE record_id = ? AND key IN (?` + strings.Repeat(", ?", len(dupFields)-1) + `)`
	args := []any{id}
	for _, f := range dupFields {
		args = append(args, f)
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	values := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		values[k] = v
	}
	return values, rows.Err()
}

// dupTx is a transaction that prepares each statement once: keying runs
// the same few statements for every record, and preparing them again each
// time doubled the cost of a run.
type dupTx struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt // closed with the transaction
}

func (t *dupTx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	t.stmts[q] = st
	return st, nil
}

func (t *dupTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (t *dupTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// queryRow is QueryRowContext returning the preparation error, if any.
func (t *dupTx) queryRow(ctx context.Context, q string, args []any, dst ...any) error {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return err
	}
	return st.QueryRowContext(ctx, args...).Scan(dst...)
}

// dupJudge combines the shared keys, and a re-registration mark on either
// record, into a score and a reason.
func dupJudge(ks []dupKey, reentry bool) (float64, string) {
	sort.Slice(ks, func(i, j int) bool {
		return ks[i].weight > ks[j].weight || ks[i].weight == ks[j].weight && ks[i].key < ks[j].key
	})
	miss := 1.0
	var why []string
	for _, k := range ks {
		miss *= 1 - k.weight
		why = append(why, k.why)
	}
	if reentry {
		miss *= 1 - dupWeightReentry
		why = append(why, "một bản ghi là đăng ký lại")
	}
	return math.Round((1-miss)*1000) / 1000, strings.Join(why, "; ")
}

// Duplicates lists the pairs with the given status, all when it is empty,
// highest score first.
func (d *DB) Duplicates(ctx context.Context, status registry.DuplicateStatus) ([]registry.Duplicate, error) {
	if status != "" {
		if _, err := registry.ParseDuplicateStatus(string(status)); err != nil {
			return nil, err
		}
	}
	rows, err := d.rdb.QueryContext(ctx, `
		SELECT id, record_a, record_b, score, why, status, decided_by, decided_at, note, created
		FROM duplicates WHERE ? = '' OR status = ?
		ORDER BY score DESC, id`, string(status), string(status))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []registry.Duplicate
	for rows.Next() {
		p, err := dupScan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

type dupRowScanner interface{ Scan(...any) error }

func dupScan(r dupRowScanner) (*registry.Duplicate, error) {
	var p registry.Duplicate
	var status, decided, created string
	if err := r.Scan(&p.ID, &p.RecordA, &p.RecordB, &p.Score, &p.Why, &status, &p.DecidedBy, &decided, &p.Note, &created); err != nil {
		return nil, err
	}
	p.Status = registry.DuplicateStatus(status)
	var err error
	if p.DecidedAt, err = parseTime(decided); err != nil {
		return nil, err
	}
	if p.Created, err = parseTime(created); err != nil {
		return nil, err
	}
	return &p, nil
}

// Decide links or dismisses an open pair and logs the decision on both
// records.
func (d *DB) Decide(ctx context.Context, id int64, user string, link bool, note string) (*registry.Duplicate, error) {
	if strings.TrimSpace(user) == "" {
		return nil, registry.Errorf(registry.EINVALID, "a decision needs the name of the user who makes it")
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	p, err := dupScan(tx.QueryRowContext(ctx, `
		SELECT id, record_a, record_b, score, why, status, decided_by, decided_at, note, created
		FROM duplicates WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, registry.Errorf(registry.ENOTFOUND, "duplicate %d not found", id)
	} else if err != nil {
		return nil, err
	}
	if p.Status != registry.DuplicateOpen {
		return nil, registry.Errorf(registry.ECONFLICT, "duplicate %d was %s by %s already", id, p.Status, p.DecidedBy)
	}
	now := d.now()
	p.Status, p.DecidedBy, p.DecidedAt, p.Note = registry.DuplicateDismissed, user, now, note
	if link {
		p.Status = registry.DuplicateLinked
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE duplicates SET status = ?, decided_by = ?, decided_at = ?, note = ?
		WHERE id = ? AND status = 'open'`, string(p.Status), user, formatTime(now), note, id); err != nil {
		return nil, err
	}
	for _, pair := range [][2]string{{p.RecordA, p.RecordB}, {p.RecordB, p.RecordA}} {
		msg := fmt.Sprintf("cặp trùng #%d với bản ghi %s", id, pair[1])
		if note != "" {
			msg += ": " + note
		}
		if err := insertEvent(ctx, tx, &registry.Event{
			At: now, Actor: user, Action: "duplicate." + string(p.Status), RecordID: pair[0],
			Old: string(registry.DuplicateOpen), New: string(p.Status), Note: msg,
		}); err != nil {
			return nil, err
		}
	}
	return p, tx.Commit()
}
