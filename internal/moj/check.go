package moj

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// Problem is one thing wrong with an entry or a book, for the report.
type Problem struct {
	Entry    string // the entry number so, or "" for the book as a whole
	RecordID string
	What     string // one line, lower-case
}

// String names the entry and the problem.
func (p Problem) String() string {
	switch {
	case p.Entry != "":
		return fmt.Sprintf("entry %s: %s", p.Entry, p.What)
	case p.RecordID != "":
		return fmt.Sprintf("record %s: %s", p.RecordID, p.What)
	}
	return p.What
}

// warnOnly are the cross-field rules that are worth a look but not wrong:
// "Thị" for a man is unusual, not an error.
var warnOnly = []string{normalize.RuleMiddleNameSex}

// CheckRow checks a verified record before it leaves as a row: the kind's
// required fields are there, the entry number is a number, and every
// cross-field rule holds. It returns what stops the row (errs) and what is
// only worth a look (warns).
func CheckRow(r *registry.Record, today time.Time) (errs, warns []string) {
	f := form.Get(r.Kind, r.Era)
	if f == nil {
		return []string{fmt.Sprintf("no form %s-%s", r.Kind, r.Era)}, nil
	}
	keys := f.Keys()
	values := map[string]string{"quyenSo": r.Book, "noiDangKy": r.Office}
	for k, fl := range r.Fields {
		if fl.Status != registry.FieldMissing {
			values[k] = fl.Value
		}
	}
	for _, alts := range required(r.Kind) {
		printed, ok := false, false
		for _, k := range alts {
			printed = printed || slices.Contains(keys, k) || k == "quyenSo" || k == "noiDangKy"
			ok = ok || values[k] != ""
		}
		if printed && !ok {
			errs = append(errs, "no "+strings.Join(alts, " or "))
		}
	}
	if so := values["so"]; so != "" {
		if n, err := strconv.Atoi(so); err != nil || n <= 0 {
			errs = append(errs, fmt.Sprintf("entry number %q is not a number", so))
		}
	}
	for _, rule := range normalize.CheckRecord(r.Kind, values, r.Book, today) {
		switch {
		case rule.OK:
		case slices.Contains(warnOnly, rule.Name):
			warns = append(warns, fmt.Sprintf("%s: %s", rule.Name, rule.Note))
		default:
			errs = append(errs, fmt.Sprintf("%s: %s", rule.Name, rule.Note))
		}
	}
	for _, k := range keys {
		if fs, _ := f.Field(k); (fs.Type == registry.TypeDate || fs.Type == registry.TypeYear) && strings.Count(values[k], "-") == 1 {
			warns = append(warns, fmt.Sprintf("%s %s is known to the month only, which the import may refuse (it takes dd/mm/yyyy or yyyy)", k, DMY(values[k])))
		}
	}
	return errs, warns
}

// Sequence reports the gaps and repeats in a book's entry numbers, given
// in page order ("" where an entry has none).
func Sequence(entries []string) []Problem {
	var out []Problem
	seen := map[int]int{}
	var nums []int
	for _, e := range entries {
		n, err := strconv.Atoi(e)
		if err != nil || n <= 0 {
			continue
		}
		if seen[n]++; seen[n] == 2 {
			out = append(out, Problem{Entry: e, What: "entry number repeated"})
		}
		if seen[n] == 1 {
			nums = append(nums, n)
		}
	}
	sort.Ints(nums)
	for i := 1; i < len(nums); i++ {
		switch d := nums[i] - nums[i-1]; {
		case d == 2:
			out = append(out, Problem{Entry: strconv.Itoa(nums[i] - 1), What: fmt.Sprintf("entry missing between %d and %d", nums[i-1], nums[i])})
		case d > 2:
			out = append(out, Problem{Entry: fmt.Sprintf("%d–%d", nums[i-1]+1, nums[i]-1), What: fmt.Sprintf("entries missing between %d and %d", nums[i-1], nums[i])})
		}
	}
	return out
}
