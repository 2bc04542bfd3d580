package postgres_test

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/pgtest"
	"github.com/civreg/civreg/internal/postgres"
	"github.com/civreg/civreg/internal/searchkey"
	"github.com/civreg/civreg/internal/storetest"
	"github.com/civreg/civreg/registry"
	_ "github.com/jackc/pgx/v5/stdlib"
)

// oldField is a row of the fields table as schema 0007 kept it.
type oldField struct {
	key, value, raw string
	conf            float64
	status          registry.FieldStatus
	box             *registry.Box
	reason, note    string
	version         int
}

// oldRecord is a record as a registry of schema 0007 held it.
type oldRecord struct {
	id, office, book string
	kind             registry.Kind
	status           registry.RecordStatus
	fields           []oldField
	task             string // the field with an open task, if any
}

var upgradeRecords = []oldRecord{{
	id: "a1b2c3d4e5f60718", kind: registry.Birth, office: "UBND phường Bến Nghé", book: "01/2009", status: registry.RecordNeedsReview,
	task: "chaHoTen",
	fields: []oldField{
		{key: "so", value: "12", raw: "12", conf: 0.99, status: registry.FieldAuto, box: &registry.Box{10, 20, 110, 60}, version: 1},
		{key: "nksHoTen", value: "Nguyễn Văn Sơn", raw: "NGUYỄN VĂN SƠN", conf: 0.97, status: registry.FieldAuto, box: &registry.Box{200, 300, 900, 380}, version: 1},
		{key: "nksNgaySinh", value: "1990-05-03", raw: "03/5/1990", conf: 0.95, status: registry.FieldCorrected, note: "đã sửa theo sổ gốc", version: 3},
		{key: "nksSoDinhDanh", value: "079090000017", raw: "079090000017", conf: 0.98, status: registry.FieldAuto, box: &registry.Box{1, 2, 3, 4}, version: 1},
		{key: "chaHoTen", value: "Trần Văn Ba", raw: "Trần Văn Ba", conf: 0.4, status: registry.FieldNeedsReview, reason: string(registry.ReasonLowConfidence), box: &registry.Box{5, 6, 7, 8}, version: 2},
		{key: "meHoTen", conf: 1, status: registry.FieldMissing, version: 1},
	},
}, {
	id: "0f1e2d3c4b5a6978", kind: registry.Birth, office: "UBND phường Bến Nghé", book: "01/2009", status: registry.RecordVerified,
	fields: []oldField{
		{key: "so", value: "13", raw: "13", conf: 0.99, status: registry.FieldAuto, version: 1},
		{key: "nksHoTen", value: "Lê Thị Hoa", raw: "Lê Thị Hoa", conf: 0.99, status: registry.FieldConfirmed, version: 2},
		{key: "nksNgaySinh", value: "1991-07-01", raw: "01/07/1991", conf: 0.99, status: registry.FieldAuto, version: 1},
	},
}}

// TestUpgradeFrom0007 takes a registry that schema 0007 left (a field a
// row of the fields table, search_tokens keyed by the word), with records
// written as that civreg wrote them, up to the current schema: every
// field reads back as it was through the store, the open task stays with
// its field, the records are found by name, by one word and by ID, and a
// correction after the upgrade is stored and searchable.
func TestUpgradeFrom0007(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Start(t).NewDatabase(t)
	if err := postgres.MigrateTo(ctx, url, "0007_signin_keys.sql"); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for i, r := range upgradeRecords {
		writeOldRecord(t, raw, i+1, r)
	}

	db, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatalf("upgrading from 0007: %v", err)
	}
	defer db.Close()
	for _, r := range upgradeRecords {
		checkUpgradedRecord(ctx, t, db, raw, r)
	}
	for _, c := range []struct {
		q    registry.SearchQuery
		want string
	}{
		{registry.SearchQuery{Name: "nguyen van son"}, upgradeRecords[0].id},
		{registry.SearchQuery{Name: "Sơn"}, upgradeRecords[0].id}, // one word: search_tokens by the word's id
		{registry.SearchQuery{Name: "hoaa"}, upgradeRecords[1].id},
		{registry.SearchQuery{ID: "079090000017"}, upgradeRecords[0].id},
	} {
		if hits, err := db.Search(ctx, c.q); err != nil || len(hits) == 0 || hits[0].RecordID != c.want {
			t.Errorf("after the upgrade, Search(%+v) = %+v, %v; want %s first", c.q, hits, err, c.want)
		}
	}

	// A correction after the upgrade goes into the record's row and its
	// words into the index; the word it replaced is counted out.
	id := upgradeRecords[0].id
	storetest.Correct(t, db, id, "nksHoTen", "Nguyễn Văn Sang")
	if r, err := db.FindRecord(ctx, id); err != nil || r.Fields["nksHoTen"].Value != "Nguyễn Văn Sang" || r.Fields["nksNgaySinh"].Note != "đã sửa theo sổ gốc" {
		t.Errorf("after a correction: %+v, %v", r, err)
	}
	if hits, err := db.Search(ctx, registry.SearchQuery{Name: "sang"}); err != nil || len(hits) == 0 || hits[0].RecordID != id {
		t.Errorf("Search(sang) after the correction = %+v, %v", hits, err)
	}
	if hits, err := db.Search(ctx, registry.SearchQuery{Name: "nguyen van son"}); err != nil || slices.ContainsFunc(hits, func(h registry.SearchHit) bool { return h.RecordID == id && h.Score == 1 }) {
		t.Errorf("Search(nguyen van son) after the correction still finds %s exactly: %+v, %v", id, hits, err)
	}
	var n int
	if err := raw.QueryRow(`SELECT n FROM search_vocab WHERE tok = 'son'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("records holding 'son' after the correction: %d, %v; want 0", n, err)
	}
}

// writeOldRecord writes r, with its page, fields, task and search entry, as
// the store of schema 0007 did.
func writeOldRecord(t *testing.T, raw *sql.DB, page int, r oldRecord) {
	t.Helper()
	const at = "2024-03-01T08:00:00.000000Z"
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := raw.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", strings.Fields(q)[0:3], err)
		}
	}
	open := 0
	if r.task != "" {
		open = 1
	}
	exec(`INSERT INTO pages (id, sha256, file, page_index, status, created) VALUES ($1, $2, 'quyen.pdf', $3, 'done', $4)`, page, strings.Repeat(string(rune('a'+page)), 64), page, at)
	exec(`INSERT INTO records (id, page_id, kind, era, office, book, page, status, created, updated, version, open_tasks)
		VALUES ($1, $2, $3, 'A', $4, $5, $6, $7, $8, $8, 4, $9)`, r.id, page, r.kind, r.office, r.book, page, r.status, at, open)
	values := map[string]string{}
	for _, f := range r.fields {
		var box [4]any
		if f.box != nil {
			for i, v := range f.box {
				box[i] = v
			}
		}
		exec(`INSERT INTO fields (record_id, key, value, raw, confidence, status, box_x0, box_y0, box_x1, box_y1, reason, note, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			r.id, f.key, f.value, f.raw, f.conf, f.status, box[0], box[1], box[2], box[3], f.reason, f.note, f.version)
		values[f.key] = f.value
	}
	if r.task != "" {
		exec(`INSERT INTO tasks (record_id, field_key, reason, status, created) VALUES ($1, $2, 'low_confidence', 'open', $3)`, r.id, r.task, at)
	}
	e := searchkey.BuildEntry(r.kind, r.office, r.book, r.status, values)
	var doc int64
	if err := raw.QueryRow(`INSERT INTO search_docs (record_id, kind, office, book, entry, born, people, ids, status, card)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING doc`, r.id, e.Kind, e.Office, e.Book, e.Entry, e.Born,
		searchkey.PeopleText(e.People), strings.Join(e.IDs, "\n"), e.Status, e.Card).Scan(&doc); err != nil {
		t.Fatal(err)
	}
	for nr := range searchkey.NameRows(e.People) {
		exec(`INSERT INTO search_names (key, year, doc, role) VALUES ($1, $2, $3, $4)`, nr.Key, nr.Year, doc, nr.Role)
	}
	for _, tok := range slices.Sorted(maps.Keys(searchkey.DocTokens(e.People))) {
		exec(`INSERT INTO search_tokens (tok, doc) VALUES ($1, $2)`, tok, doc)
		exec(`INSERT INTO search_vocab (tok, n) VALUES ($1, 1) ON CONFLICT (tok) DO UPDATE SET n = search_vocab.n + 1`, tok)
	}
	for id := range searchkey.IDNumbers(e.IDs) {
		exec(`INSERT INTO search_ids (id, doc) VALUES ($1, $2)`, id, doc)
	}
}

// checkUpgradedRecord reads r through the store and its fields through
// the fields view, as they were before the upgrade.
func checkUpgradedRecord(ctx context.Context, t *testing.T, db *postgres.DB, raw *sql.DB, r oldRecord) {
	t.Helper()
	got, err := db.FindRecord(ctx, r.id)
	if err != nil {
		t.Fatalf("FindRecord(%s) after the upgrade: %v", r.id, err)
	}
	if got.Status != r.status || got.Office != r.office || got.Book != r.book || len(got.Fields) != len(r.fields) {
		t.Errorf("record %s after the upgrade: status %s, office %q, book %q, %d fields; want %s, %q, %q, %d",
			r.id, got.Status, got.Office, got.Book, len(got.Fields), r.status, r.office, r.book, len(r.fields))
	}
	for _, f := range r.fields {
		g := got.Fields[f.key]
		if g == nil {
			t.Errorf("record %s: field %s lost in the upgrade", r.id, f.key)
			continue
		}
		want := registry.Field{Key: g.Key, Value: f.value, Raw: f.raw, Confidence: f.conf, Status: f.status, Box: f.box, Reason: registry.Reason(f.reason), Note: f.note}
		if g.Value != want.Value || g.Raw != want.Raw || g.Confidence != want.Confidence || g.Status != want.Status ||
			(g.Box == nil) != (want.Box == nil) || (g.Box != nil && *g.Box != *want.Box) || g.Reason != want.Reason || g.Note != want.Note {
			t.Errorf("record %s field %s after the upgrade: %+v (box %v); want %+v (box %v)", r.id, f.key, *g, g.Box, want, want.Box)
		}
		var version int
		if err := raw.QueryRow(`SELECT version FROM fields WHERE record_id = $1 AND key = $2`, r.id, f.key).Scan(&version); err != nil || version != f.version {
			t.Errorf("record %s field %s: version %d, %v; want %d", r.id, f.key, version, err, f.version)
		}
	}
	var tasks int
	if err := raw.QueryRow(`SELECT COUNT(*) FROM tasks WHERE record_id = $1 AND field_key = $2 AND status = 'open'`, r.id, r.task).Scan(&tasks); err != nil || (tasks == 1) != (r.task != "") {
		t.Errorf("record %s: %d open tasks on %q after the upgrade, %v", r.id, tasks, r.task, err)
	}
}
