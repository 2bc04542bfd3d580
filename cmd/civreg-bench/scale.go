package main

// The scale bench: a store of N synthetic records loaded directly (no OCR)
// through sqlite.Loader, then search, export and review-queue latency on it.
//
//	civreg-bench -scale 12000000 -dir /tmp/civreg-scale

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/civreg/civreg/internal/export"
	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/internal/pgtest"
	"github.com/civreg/civreg/internal/postgres"
	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/registry"
)

var (
	scaleN        = flag.Int("scale", 0, "scale bench: load this many synthetic records into a new store in -dir, then measure search, export and the review queue")
	scaleBatch    = flag.Int("scale-batch", 5000, "scale bench: records per load transaction")
	scaleQueries  = flag.Int("scale-queries", 1000, "scale bench: search queries to time")
	scaleExport   = flag.Int("scale-export", 1000000, "scale bench: records to export as NDJSON")
	scaleTasks    = flag.Int("scale-tasks", 1000000, "scale bench: open review tasks to load")
	scaleData     = flag.String("synth-data", "internal/synth/data", "scale bench: the name lists of internal/synth")
	scaleKeep     = flag.Bool("scale-keep", false, "scale bench: measure an existing store in -dir instead of loading a new one")
	scaleSlow     = flag.Int("scale-slow", 0, "scale bench: print this many of the slowest search queries")
	scaleChild    = flag.String("scale-export-child", "", "internal: export from this store in a child process")
	scalePG       = flag.String("scale-pg", "", "scale bench: also load the records with COPY into this empty PostgreSQL database (postgres://…), or into a server started in -dir/pg for the run (\"server\"), and measure search there")
	scaleSQLite   = flag.Bool("scale-sqlite", true, "scale bench: load and measure the SQLite store")
	scaleGenChunk = flag.Int("scale-gen-chunk", 250000, "scale bench: records the bench generates ahead, untimed, before handing them to the PostgreSQL loader")
)

// weighted is a list of strings drawn by weight.
type weighted struct {
	items []string
	cum   []int
}

func (w *weighted) pick(r *rand.Rand) string {
	x := r.IntN(w.cum[len(w.cum)-1])
	return w.items[sort.SearchInts(w.cum, x+1)]
}

// readList reads one of internal/synth's lists: one item a line, a weight
// in the second tab-separated column if any, # comments.
func readList(dir, name string) (*weighted, error) {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("%w (run from the repository root or pass -synth-data)", err)
	}
	w := &weighted{}
	total := 0
	for line := range strings.SplitSeq(string(b), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		n := 1
		if len(cols) > 1 {
			if v, err := strconv.Atoi(cols[len(cols)-1]); err == nil && v > 0 {
				n = v
			} else if v, err := strconv.Atoi(cols[1]); err == nil && v > 0 {
				n = v
			}
		}
		total += n
		w.items, w.cum = append(w.items, normalize.NFC(cols[0])), append(w.cum, total)
	}
	if len(w.items) == 0 {
		return nil, fmt.Errorf("%s: empty list", name)
	}
	return w, nil
}

// scaleGen makes record i of a scale store, the same for the same seed.
type scaleGen struct {
	seed                                            uint64
	surnames, midM, midF, givenM, givenF, hospitals *weighted
	causes, streets, ethnic, titles                 *weighted
	offices                                         []string
	places                                          []string
	mu                                              sync.Mutex
	specs                                           map[*form.Form][]form.FieldSpec
}

func newScaleGen(dir string, seed uint64) (*scaleGen, error) {
	g := &scaleGen{seed: seed}
	for _, l := range []struct {
		p    **weighted
		name string
	}{
		{&g.surnames, "surnames.tsv"}, {&g.midM, "middle_male.tsv"}, {&g.midF, "middle_female.tsv"},
		{&g.givenM, "given_male.txt"}, {&g.givenF, "given_female.txt"}, {&g.hospitals, "hospitals.tsv"},
		{&g.causes, "causes.tsv"}, {&g.streets, "streets.txt"}, {&g.ethnic, "ethnicities.tsv"}, {&g.titles, "titles.tsv"},
	} {
		w, err := readList(dir, l.name)
		if err != nil {
			return nil, err
		}
		*l.p = w
	}
	seen := map[string]bool{}
	for _, u := range normalize.Units() {
		if !seen[u.NewName] {
			seen[u.NewName] = true
			g.offices = append(g.offices, "UBND "+lowerFirst(u.NewName))
		}
		place := u.OldName
		if u.OldDistrict != "" {
			place += ", " + u.OldDistrict
		}
		g.places = append(g.places, place+", "+u.OldProvince)
	}
	if len(g.offices) == 0 {
		return nil, errors.New("no administrative units")
	}
	return g, nil
}

func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// scalePerson is one person named on a generated record.
type scalePerson struct {
	name   string
	female bool
	born   time.Time
	id     string
}

// scaleFacts is what a query needs to know of a generated record.
type scaleFacts struct {
	id, office, book, entry, name, born, pid string
}

func (g *scaleGen) person(r *rand.Rand, female bool, born time.Time, surname string) scalePerson {
	if surname == "" {
		surname = g.surnames.pick(r)
	}
	mid, given := g.midM, g.givenM
	if female {
		mid, given = g.midF, g.givenF
	}
	name := surname + " " + mid.pick(r) + " " + given.pick(r)
	if r.IntN(10) == 0 {
		name = surname + " " + mid.pick(r) + " " + mid.pick(r) + " " + given.pick(r)
	}
	if r.IntN(30) == 0 {
		name = surname + " " + given.pick(r)
	}
	g0 := (born.Year()/100 - 19) * 2
	if female {
		g0++
	}
	id := "079" + strconv.Itoa(g0) + zeroPad(born.Year()%100, 2) + zeroPad(r.IntN(1000000), 6)
	return scalePerson{name: name, female: female, born: born, id: id}
}

func day(r *rand.Rand, from time.Time, days int) time.Time {
	return from.AddDate(0, 0, -r.IntN(days+1))
}

// fields returns f's fields, worked out once per form.
func (g *scaleGen) fields(f *form.Form) []form.FieldSpec {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.specs == nil {
		g.specs = map[*form.Form][]form.FieldSpec{}
	}
	if _, ok := g.specs[f]; !ok {
		g.specs[f] = f.Fields()
	}
	return g.specs[f]
}

// record returns record i and the facts a query about it uses.
func (g *scaleGen) record(i int) (*registry.PageResult, scaleFacts) {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)))
	var kind registry.Kind
	switch x := r.IntN(100); {
	case x < 55:
		kind = registry.Birth
	case x < 70:
		kind = registry.Marriage
	case x < 90:
		kind = registry.Death
	default:
		kind = registry.Recognition
	}
	reg := time.Date(1976, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365*50))
	era := registry.EraA
	if reg.Year() >= 2016 {
		era = registry.EraB
	}
	office := g.offices[r.IntN(len(g.offices))]
	book := zeroPad(1+r.IntN(3), 2) + "/" + strconv.Itoa(reg.Year())
	entry := strconv.Itoa(1 + r.IntN(900))
	h := sha256.Sum256([]byte(strconv.FormatUint(g.seed, 10) + " " + strconv.Itoa(i)))
	// The id's front grows with i, so that a load writes every key at its
	// end; the back looks like the hash an id is usually cut from.
	rec := &registry.Record{
		ID: hexPad(i, 8) + hex.EncodeToString(h[:4]), Kind: kind, Era: era, Office: office, Book: book, Page: 1 + r.IntN(200),
	}

	people := map[string]scalePerson{}
	female := r.IntN(2) == 0
	switch kind {
	case registry.Birth:
		kid := g.person(r, female, day(r, reg, 60), "")
		people["nks"] = kid
		people["cha"] = g.person(r, false, day(r, kid.born.AddDate(-20, 0, 0), 365*20), strings.Fields(kid.name)[0])
		people["me"] = g.person(r, true, day(r, kid.born.AddDate(-18, 0, 0), 365*20), "")
		people["nyc"] = people["cha"]
	case registry.Marriage:
		people["chong"] = g.person(r, false, day(r, reg.AddDate(-20, 0, 0), 365*25), "")
		people["vo"] = g.person(r, true, day(r, reg.AddDate(-18, 0, 0), 365*25), "")
	case registry.Death:
		people["nkt"] = g.person(r, female, day(r, reg.AddDate(-1, 0, 0), 365*90), "")
		people["nyc"] = g.person(r, r.IntN(2) == 0, day(r, reg.AddDate(-20, 0, 0), 365*40), "")
	case registry.Recognition:
		people["ndn"] = g.person(r, female, day(r, reg, 365*15), "")
		people["nn"] = g.person(r, r.IntN(2) == 0, day(r, people["ndn"].born.AddDate(-18, 0, 0), 365*20), "")
		people["nyc"] = people["nn"]
	}

	f := form.Get(kind, era)
	specs := g.fields(f)
	task := ""
	// One map of its size and one array of fields a record: growing the
	// map and allocating each field were a fifth of generating it.
	rec.Fields = make(map[string]*registry.Field, len(specs))
	fields := make([]registry.Field, len(specs))
	for i, spec := range specs {
		v := g.value(r, spec, people, reg, entry)
		fl := &fields[i]
		*fl = registry.Field{Value: v, Raw: v, Confidence: 0.97 + 0.03*r.Float64(), Status: registry.FieldAuto}
		if spec.Type == registry.ValueType("name") && era == registry.EraA {
			fl.Raw = strings.ToUpper(v)
		}
		if v == "" {
			fl.Status, fl.Confidence = registry.FieldMissing, 1
		} else {
			x := r.IntN(1500)
			fl.Box = &registry.Box{200 + x/3, 300 + x, 900 + x/2, 380 + x}
		}
		rec.Fields[spec.Key] = fl
	}
	pr := &registry.PageResult{Page: registry.Page{SHA256: hex.EncodeToString(h[:]), File: office + "/quyen-" + strings.ReplaceAll(book, "/", "-") + ".pdf", PageIndex: rec.Page - 1}, Record: rec}
	if *scaleTasks > 0 && (*scaleN <= *scaleTasks || i%max(1, *scaleN / *scaleTasks) == 0) {
		task = specs[r.IntN(len(specs))].Key
		fl := rec.Fields[task]
		fl.Status, fl.Reason, fl.Confidence = registry.FieldNeedsReview, registry.ReasonLowConfidence, 0.5
		pr.Tasks = []registry.Task{{FieldKey: task, Reason: registry.ReasonLowConfidence}}
	}

	main := mainPerson[kind]
	facts := scaleFacts{id: rec.ID, office: office, book: book, entry: entry,
		name: rec.Fields[main+"HoTen"].Value, born: rec.Fields[main+"NgaySinh"].Value}
	for _, k := range []string{"nksSoDinhDanh", "chongGiayToTuyThan", "nktGiayToTuyThan", "ndnGiayToTuyThan", "chongSoGiayToTuyThan", "nktSoGiayToTuyThan"} {
		if fl := rec.Fields[k]; fl != nil && fl.Value != "" {
			facts.pid = fl.Value
		}
	}
	return pr, facts
}

// mainPerson is the prefix of the fields of a kind's registered person.
var mainPerson = map[registry.Kind]string{registry.Birth: "nks", registry.Marriage: "chong", registry.Death: "nkt", registry.Recognition: "ndn"}

// zeroPad is n in decimal with zeros before it to width, as %0*d writes it
// (the generator's strings without fmt: a third of the bench's CPU in a
// load was generating records).
func zeroPad(n, width int) string {
	s := strconv.Itoa(n)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}

// hexPad is n in hexadecimal with zeros before it to width, as %0*x.
func hexPad(n, width int) string {
	s := strconv.FormatInt(int64(n), 16)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}

// value returns a field's value as the register would hold it.
func (g *scaleGen) value(r *rand.Rand, spec form.FieldSpec, people map[string]scalePerson, reg time.Time, entry string) string {
	key := spec.Key
	prefix := key
	for i, c := range key {
		if c >= 'A' && c <= 'Z' {
			prefix = key[:i]
			break
		}
	}
	p, hasP := people[prefix]
	switch spec.Type {
	case "name":
		if hasP {
			return p.name
		}
		return g.person(r, r.IntN(2) == 0, reg.AddDate(-40, 0, 0), "").name
	case "date":
		if strings.HasSuffix(key, "NgaySinh") && hasP {
			if prefix != "nks" && prefix != "ndn" && r.IntN(3) == 0 {
				return strconv.Itoa(p.born.Year()) // adults' dates are often the year alone
			}
			return p.born.Format("2006-01-02")
		}
		return day(r, reg, 10).Format("2006-01-02")
	case "year":
		if hasP {
			return strconv.Itoa(p.born.Year())
		}
	case "dateWords":
		if hasP {
			return normalize.FormatDateInWords(p.born, normalize.WordsStyle{Thousand: "nghìn", Zero: "linh"})
		}
	case "deathTime":
		return fmt.Sprintf("%sT%02d:%02d", day(r, reg, 20).Format("2006-01-02"), r.IntN(24), r.IntN(60))
	case "sex":
		if hasP && p.female {
			return "Nữ"
		}
		return "Nam"
	case "ethnicity":
		return g.ethnic.pick(r)
	case "nationality":
		return "Việt Nam"
	case "place":
		if strings.HasSuffix(key, "NoiSinh") || strings.HasSuffix(key, "NoiChet") {
			if r.IntN(3) > 0 {
				return g.hospitals.pick(r)
			}
		}
		return fmt.Sprintf("%d %s, %s", 1+r.IntN(300), g.streets.pick(r), g.places[r.IntN(len(g.places))])
	case "pid":
		if hasP {
			return p.id
		}
	case "iddoc":
		if hasP && p.born.Year() < 1990 && r.IntN(2) == 0 {
			return fmt.Sprintf("02%07d", r.IntN(10000000))
		}
		if hasP {
			return p.id
		}
	case "number":
		switch key {
		case "so":
			return entry
		case "trangSo":
			return strconv.Itoa(1 + r.IntN(200))
		}
		return strconv.Itoa(1 + r.IntN(999))
	case "decision":
		return fmt.Sprintf("%d/QĐ-UBND", 1+r.IntN(999))
	case "docno":
		return fmt.Sprintf("%d/GBT", 1+r.IntN(999))
	case "relation":
		return []string{"Cha", "Mẹ", "Ông nội", "Bà ngoại", "Con", "Vợ", "Chồng"}[r.IntN(7)]
	case "tick":
		return []string{"Đúng hạn", "Quá hạn", "Đăng ký lại"}[r.IntN(3)]
	case "remark":
		if r.IntN(20) == 0 {
			return "Đăng ký lại"
		}
		return ""
	default: // text
		switch {
		case key == "nguoiKy":
			return g.person(r, r.IntN(2) == 0, reg.AddDate(-45, 0, 0), "").name
		case key == "chucVuNguoiKy":
			return g.titles.pick(r)
		case strings.HasSuffix(key, "NguyenNhanChet"):
			return g.causes.pick(r)
		case strings.HasPrefix(key, "gbt"):
			return "Giấy báo tử số " + strconv.Itoa(1+r.IntN(999)) + " do " + g.hospitals.pick(r) + " cấp"
		}
		return ""
	}
	return ""
}

// scaleResult is one line of the results table.
type scaleResult struct{ measure, value string }

// runScale loads n records into a new store in dir and measures it.
func runScale(dir string, n int, seed uint64, out string) error {
	ctx := context.Background()
	g, err := newScaleGen(*scaleData, seed)
	if err != nil {
		return err
	}
	var res []scaleResult
	add := func(m, format string, args ...any) {
		res = append(res, scaleResult{m, fmt.Sprintf(format, args...)})
		fmt.Fprintf(os.Stderr, "%s: %s\n", m, res[len(res)-1].value)
	}
	where := "no store"
	if *scaleSQLite {
		where = filepath.Join(dir, "scale.db")
		if err := runScaleSQLite(ctx, dir, n, seed, g, add); err != nil {
			return err
		}
	}
	if *scalePG != "" {
		url := *scalePG
		if url == "server" {
			// Room for the registry: the SQLite store was measured.
			os.Remove(filepath.Join(dir, "scale.db"))
			srv, u, err := startScaleServer(dir)
			if err != nil {
				return err
			}
			defer func() {
				srv.Stop()
				os.RemoveAll(filepath.Join(dir, "pg")) // 44 GiB at 12 M records
			}()
			url = u
			pgServerCPU = func() time.Duration { return serverCPU(filepath.Join(dir, "pg", "data", "postmaster.pid")) }
			add("postgres server", "%s", strings.Join(scaleServerSettings, ", "))
		}
		where += " and " + postgres.Redact(url)
		if err := runScalePG(ctx, url, n, seed, g, add); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Scale bench: %d synthetic records (seed %d) in %s, on %d cores, %s.\n\n", n, seed, where, runtime.NumCPU(), time.Now().Format("2006-01-02"))
	b.WriteString("| measure | value |\n|---|---|\n")
	for _, r := range res {
		fmt.Fprintf(&b, "| %s | %s |\n", r.measure, r.value)
	}
	if out == "" {
		out = filepath.Join(dir, "scale.md")
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

// runScaleSQLite loads n records into a new SQLite store in dir (unless
// -scale-keep) and measures search, the review queue and export on it.
func runScaleSQLite(ctx context.Context, dir string, n int, seed uint64, g *scaleGen, add func(string, string, ...any)) error {
	path := filepath.Join(dir, "scale.db")
	if !*scaleKeep {
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		start := time.Now()
		l, err := sqlite.NewLoader(ctx, path, *scaleBatch)
		if err != nil {
			return err
		}
		tasks := 0
		for i := range n {
			pr, _ := g.record(i)
			tasks += len(pr.Tasks)
			if err := l.Add(pr); err != nil {
				l.Close(ctx)
				return err
			}
			if (i+1)%500000 == 0 {
				el := time.Since(start)
				fmt.Fprintf(os.Stderr, "loaded %d records in %s (%.0f records/s)\n", i+1, el.Round(time.Second), float64(i+1)/el.Seconds())
			}
		}
		rows := time.Since(start)
		if err := l.Close(ctx); err != nil {
			return err
		}
		total := time.Since(start)
		add("records loaded", "%d (%d open tasks)", n, tasks)
		add("load: rows (records, fields, search keys)", "%s (%.0f records/s)", rows.Round(time.Second), float64(n)/rows.Seconds())
		add("load: indexes built after", "%s", (total - rows).Round(time.Second))
		add("load: total", "%s (%.0f records/s; target 12M in 10 min = 20000/s)", total.Round(time.Second), float64(n)/total.Seconds())
	}
	var size int64
	for _, suffix := range []string{"", "-wal"} {
		if st, err := os.Stat(path + suffix); err == nil {
			size += st.Size()
		}
	}
	add("database size", "%.2f GiB (%.0f bytes/record)", float64(size)/(1<<30), float64(size)/float64(n))

	db, err := sqlite.Open(path)
	if err != nil {
		return err
	}
	start := time.Now()
	if _, err := db.Search(ctx, registry.SearchQuery{Name: "nguyen van an", Limit: 1}); err != nil {
		db.Close()
		return err
	}
	add("first search after opening (loads the word list)", "%s", time.Since(start).Round(time.Microsecond))
	// First as the load left the file cache, then with the search index
	// read once, as on a store in use (review serve does it at start).
	if err := scaleSearch(ctx, db, g, n, seed, "search before WarmSearch (the file cache as the load left it)", false, add); err != nil {
		db.Close()
		return err
	}
	start = time.Now()
	if err := db.WarmSearch(ctx); err != nil {
		db.Close()
		return err
	}
	add("reading the search index once (WarmSearch)", "%s", time.Since(start).Round(time.Second))
	if err := scaleSearch(ctx, db, g, n, seed+1, "search", true, add); err != nil {
		db.Close()
		return err
	}
	if err := scaleNextTask(ctx, db, add); err != nil {
		db.Close()
		return err
	}
	db.Close()
	if err := scaleExportRun(path, min(n, *scaleExport), add); err != nil {
		return err
	}

	return nil
}

// typo makes one slip in one word of a folded name: two letters swapped, a
// letter dropped or doubled.
func typo(r *rand.Rand, name string) string {
	w := strings.Fields(name)
	i := r.IntN(len(w))
	s := []byte(w[i])
	if len(s) < 3 {
		s = append(s, s[len(s)-1])
	} else {
		j := 1 + r.IntN(len(s)-2)
		switch r.IntN(3) {
		case 0:
			s[j], s[j+1] = s[j+1], s[j]
		case 1:
			s = append(s[:j], s[j+1:]...)
		default:
			s = append(s[:j+1], s[j:]...)
		}
	}
	w[i] = string(s)
	return strings.Join(w, " ")
}

// scaleSearch times a mix of queries a clerk makes, each about a record
// known to be there, and counts how often that record is among the hits.
func scaleSearch(ctx context.Context, db registry.Searcher, g *scaleGen, n int, seed uint64, label string, detail bool, add func(string, string, ...any)) error {
	r := rand.New(rand.NewPCG(seed, 1<<40))
	kinds := []string{"name with accents", "name without accents", "name with a typo", "year + name", "ID", "book + entry + office"}
	lat := map[string][]time.Duration{}
	found := map[string]int{}
	var all []time.Duration
	type slowQuery struct {
		el   time.Duration
		kind string
		q    registry.SearchQuery
	}
	var slow []slowQuery
	for q := range *scaleQueries + 20 {
		_, f := g.record(r.IntN(n))
		kind := kinds[q%len(kinds)]
		var sq registry.SearchQuery
		switch kind {
		case "name with accents":
			sq.Name = f.name
		case "name without accents":
			sq.Name = normalize.FoldKey(f.name)
		case "name with a typo":
			sq.Name = typo(r, normalize.FoldKey(f.name))
		case "year + name":
			sq.Name, sq.Born = normalize.FoldKey(f.name), f.born[:4]
		case "ID":
			if f.pid == "" {
				kind, sq.Book, sq.Entry, sq.Office = "book + entry + office", f.book, f.entry, f.office
			} else {
				sq.ID = f.pid
			}
		default:
			sq.Book, sq.Entry, sq.Office = f.book, f.entry, f.office
		}
		start := time.Now()
		hits, err := db.Search(ctx, sq)
		el := time.Since(start)
		if err != nil {
			return fmt.Errorf("search %+v: %w", sq, err)
		}
		if q < 20 {
			continue // warming the cache, as a running server has it
		}
		lat[kind] = append(lat[kind], el)
		slow = append(slow, slowQuery{el, kind, sq})
		all = append(all, el)
		for _, h := range hits {
			if h.RecordID == f.id {
				found[kind]++
				break
			}
		}
	}
	if *scaleSlow > 0 {
		sort.Slice(slow, func(i, j int) bool { return slow[i].el > slow[j].el })
		for _, s := range slow[:min(len(slow), *scaleSlow)] {
			fmt.Fprintf(os.Stderr, "slow search: %s %s: %+v\n", s.el.Round(10*time.Microsecond), s.kind, s.q)
		}
	}
	p50, p99 := percentiles(all)
	add(label+": all queries", "p50 %s, p99 %s over %d queries (target p99 ≤ 20 ms)", p50, p99, len(all))
	if !detail {
		return nil
	}
	for _, k := range kinds {
		if len(lat[k]) == 0 {
			continue
		}
		p50, p99 := percentiles(lat[k])
		add(label+": "+k, "p50 %s, p99 %s; the record among the hits %d/%d (20 hits)", p50, p99, found[k], len(lat[k]))
	}
	return nil
}

func percentiles(d []time.Duration) (p50, p99 time.Duration) {
	if len(d) == 0 {
		return 0, 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	at := func(p float64) time.Duration {
		return s[min(len(s)-1, int(p*float64(len(s))))].Round(10 * time.Microsecond)
	}
	return at(0.5), at(0.99)
}

// scaleNextTask times the review queue: 20 reviewers in turn give back
// their lease and take the next task.
func scaleNextTask(ctx context.Context, db *sqlite.DB, add func(string, string, ...any)) error {
	var lat []time.Duration
	for i := range 520 {
		u := registry.User{Name: fmt.Sprintf("bench-%02d", i%20), Role: registry.RoleReviewer}
		if err := db.ReleaseLeases(ctx, u.Name); err != nil {
			return err
		}
		start := time.Now()
		_, err := db.NextTask(ctx, u, registry.TaskFilter{}, time.Minute)
		el := time.Since(start)
		if registry.ErrorCode(err) == registry.ENOTFOUND {
			add("review: next task", "no open tasks")
			return nil
		} else if err != nil {
			return err
		}
		if i >= 20 {
			lat = append(lat, el)
		}
	}
	p50, p99 := percentiles(lat)
	add("review: NextTask (20 reviewers taking turns)", "p50 %s, p99 %s over %d calls", p50, p99, len(lat))
	return nil
}

// scaleExportRun exports n records as NDJSON in a child process, so that
// its peak RSS is the export's alone.
func scaleExportRun(path string, n int, add func(string, string, ...any)) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(self, "-scale-export-child", path, "-scale-export", strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	outb, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("export child: %w", err)
	}
	var rep struct {
		Records int     `json:"records"`
		Bytes   int64   `json:"bytes"`
		Seconds float64 `json:"seconds"`
		PeakKB  int64   `json:"peak_kb"`
	}
	if err := json.Unmarshal(outb, &rep); err != nil {
		return fmt.Errorf("export child: %w", err)
	}
	// The child's own high-water mark: its rusage would count the memory
	// of this process at the fork.
	peakKB := rep.PeakKB
	add("export NDJSON (existing export path)", "%d records, %.2f GiB in %.1fs: %.0f records/s, %.0f MiB/s",
		rep.Records, float64(rep.Bytes)/(1<<30), rep.Seconds, float64(rep.Records)/rep.Seconds, float64(rep.Bytes)/(1<<20)/rep.Seconds)
	add("export peak RSS", "%d MiB", peakKB/1024)
	return nil
}

// errEnough stops an export walk.
var errEnough = errors.New("enough")

// countWriter counts what passes through it.
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// runScaleExportChild writes up to n records of the store as NDJSON to
// nowhere and reports what it did as JSON on standard output.
func runScaleExportChild(path string, n int) error {
	db, err := sqlite.Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	cw := &countWriter{}
	w := export.NewNDJSON(cw)
	count := 0
	start := time.Now()
	err = db.EachRecord(context.Background(), registry.RecordFilter{}, func(r *registry.Record) error {
		if count >= n {
			return errEnough
		}
		count++
		return w.Write(r)
	})
	if err != nil && !errors.Is(err, errEnough) {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(map[string]any{"records": count, "bytes": cw.n, "seconds": time.Since(start).Seconds(), "peak_kb": vmHWM()})
}

// vmHWM returns this process's peak resident set in KiB, from /proc.
func vmHWM() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// runScalePG loads n records into the empty PostgreSQL database at url
// with COPY and measures the same searches as on SQLite.
func runScalePG(ctx context.Context, url string, n int, seed uint64, g *scaleGen, add func(string, string, ...any)) error {
	// The loader's rows are short-lived and memory is not short: fewer
	// collections leave the CPU to the server.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	if err := loadScalePG(ctx, url, n, g, add); err != nil {
		return err
	}
	db, err := postgres.Open(ctx, url)
	if err != nil {
		return err
	}
	defer db.Close()
	if size, err := db.Size(ctx); err == nil {
		add("postgres database size", "%.2f GiB (%.0f bytes/record)", float64(size)/(1<<30), float64(size)/float64(n))
	}
	if err := db.WarmSearch(ctx); err != nil {
		return err
	}
	return scaleSearch(ctx, db, g, n, seed+1, "postgres search", true, add)
}

// scaleSpan is the wall and CPU (the bench's and the server's) of a part
// of the PostgreSQL load, summed over the times it ran.
type scaleSpan struct{ wall, cpu, srv time.Duration }

// timed runs f and adds its wall and CPU to s.
func (s *scaleSpan) timed(f func() error) error {
	t0, c0, s0 := time.Now(), selfCPU(), pgServerCPU()
	err := f()
	s.wall += time.Since(t0)
	s.cpu += selfCPU() - c0
	s.srv += pgServerCPU() - s0
	return err
}

// loadScalePG loads n records into the registry at url. The bench's own
// work, generating the synthetic records, is kept out of the load's time:
// the records are generated -scale-gen-chunk at a time while the loader is
// idle (it has copied every record added before), then added to it, and
// only the adding, the copying and Close are timed as the load.
func loadScalePG(ctx context.Context, url string, n int, g *scaleGen, add func(string, string, ...any)) error {
	var gen, rows, after scaleSpan
	var l *postgres.Loader
	if err := rows.timed(func() (err error) { l, err = postgres.NewLoader(ctx, url, *scaleBatch); return err }); err != nil {
		return err
	}
	chunk := max(1, *scaleGenChunk)
	prs := make([]*registry.PageResult, 0, min(n, chunk))
	for from := 0; from < n; from += chunk {
		prs = prs[:0]
		runtime.GC() // the chunk before is garbage now: not collected while the next one loads
		gen.timed(func() error {
			for i := from; i < min(n, from+chunk); i++ {
				pr, _ := g.record(i)
				prs = append(prs, pr)
			}
			return nil
		})
		err := rows.timed(func() error {
			for _, pr := range prs {
				if err := l.Add(ctx, pr); err != nil {
					return err
				}
			}
			return l.Wait()
		})
		if err != nil {
			l.Close(ctx)
			return err
		}
		if to := min(n, from+chunk); to%500000 < chunk || to == n {
			fmt.Fprintf(os.Stderr, "postgres: loaded %d records in %s of load (%.0f records/s), %s generating them\n", to, rows.wall.Round(time.Second), float64(to)/rows.wall.Seconds(), gen.wall.Round(time.Second))
		}
	}
	clear(prs)
	if err := after.timed(func() error { return l.Close(ctx) }); err != nil {
		return err
	}
	total := rows.wall + after.wall
	add("postgres load: what is timed", "the loader only: records added (rows built, COPY), keys and indexes, ANALYZE; the bench generates the records before, %d at a time, untimed, while the loader is idle", chunk)
	add("postgres: the bench generating the records (untimed, not in the load)", "%s (%s of CPU; server CPU meanwhile %s)", gen.wall.Round(time.Second), gen.cpu.Round(100*time.Millisecond), gen.srv.Round(100*time.Millisecond))
	add("postgres load: rows (COPY)", "%s (%.0f records/s)", rows.wall.Round(time.Second), float64(n)/rows.wall.Seconds())
	add("postgres load: indexes built after, ANALYZE", "%s", after.wall.Round(time.Second))
	add("postgres load: total", "%s (%.0f records/s; target 12M in 10 min = 20000/s)", total.Round(time.Second), float64(n)/total.Seconds())
	for _, p := range l.Phases() {
		add("postgres load phase: "+p.Name, "%s", p.D.Round(time.Millisecond))
	}
	add("postgres load: CPU of the bench process (rows built, COPY): rows / after", "%s / %s", rows.cpu.Round(100*time.Millisecond), after.cpu.Round(100*time.Millisecond))
	if rows.srv+after.srv > 0 {
		add("postgres load: CPU of the server: rows / after (last batches, commit, keys, indexes, ANALYZE)", "%s / %s", rows.srv.Round(100*time.Millisecond), after.srv.Round(100*time.Millisecond))
	}
	add("postgres load: peak RSS of the bench process so far (the SQLite load's too, when it ran first)", "%d MiB", vmHWM()/1024)
	return nil
}

// pgServerCPU returns the CPU time the server the bench started has used
// so far, 0 when it did not start one.
var pgServerCPU = func() time.Duration { return 0 }

// selfCPU is the CPU time this process has used.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// serverCPU sums the CPU time of the postmaster named in pidfile, of its
// running children and of those it has reaped (a backend's time goes to
// the postmaster's when it exits).
func serverCPU(pidfile string) time.Duration {
	b, err := os.ReadFile(pidfile)
	if err != nil {
		return 0
	}
	pm := strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0])
	procs, _ := filepath.Glob("/proc/[0-9]*/stat")
	var ticks int64
	for _, p := range procs {
		st, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		i := strings.LastIndexByte(string(st), ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(st)[i+1:]) // f[0] is field 3, state
		pid := filepath.Base(filepath.Dir(p))
		if len(f) < 15 || (pid != pm && f[1] != pm) {
			continue
		}
		last := 13 // utime, stime
		if pid == pm {
			last = 15 // and the reaped children's
		}
		for _, x := range f[11:last] {
			n, _ := strconv.ParseInt(x, 10, 64)
			ticks += n
		}
	}
	return time.Duration(ticks) * time.Second / 100
}

// scaleServerSettings are those of the server the bench starts for a bulk
// load: the WAL is not kept for replicas (a load into tables truncated in
// its transaction then writes no WAL, the tables are fsynced at commit),
// checkpoints are few; fsync stays on.
var scaleServerSettings = []string{"shared_buffers=1GB", "wal_level=minimal", "max_wal_senders=0", "max_wal_size=16GB",
	"checkpoint_timeout=30min", "maintenance_work_mem=1GB", "wal_buffers=64MB"}

// startScaleServer starts a PostgreSQL server in dir/pg and returns it
// with the URL of a new database on it.
func startScaleServer(dir string) (*pgtest.Server, string, error) {
	pg := filepath.Join(dir, "pg")
	os.RemoveAll(pg)
	os.Chmod(dir, 0o755) // the server runs as nobody when the bench is root
	if err := os.MkdirAll(pg, 0o755); err != nil {
		return nil, "", err
	}
	srv, err := pgtest.Launch(pg, scaleServerSettings...)
	if err != nil {
		return nil, "", fmt.Errorf("starting a PostgreSQL server for the scale bench: %w", err)
	}
	url, err := srv.CreateDatabase("scale")
	if err != nil {
		srv.Stop()
		return nil, "", err
	}
	return srv, url, nil
}
