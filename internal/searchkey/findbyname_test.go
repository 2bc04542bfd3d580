package searchkey_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/searchkey"
	"github.com/civreg/civreg/registry"
)

// nameIndexLog is a NameIndex over no records that notes what it is asked
// to read.
type nameIndexLog struct{ asked []string }

func (l *nameIndexLog) Names(keys []string, yr int) error {
	l.asked = append(l.asked, fmt.Sprintf("names %s… (%d) %d", keys[0], len(keys), yr))
	return nil
}

func (l *nameIndexLog) Words(toks []string, budget int) (int, error) {
	l.asked = append(l.asked, fmt.Sprintf("words %v %d", toks, budget))
	return 7, nil
}

func (l *nameIndexLog) Found() int { return 0 }

// TestFindByNameOrder: a name of two words nothing matches is read as
// whole names in the order of their scores (the registered person's as
// asked, with one slip, a parent's as asked, two slips last), then by its
// rarest word, as spelled and then misspelled, within one budget.
func TestFindByNameOrder(t *testing.T) {
	words := []searchkey.Word{{"nguyen", 900}, {"nguyn", 1}, {"an", 50}, {"anh", 40}, {"ban", 3}}
	q, err := searchkey.ParseQuery(registry.SearchQuery{Name: "Nguyễn An", Born: "1990"})
	if err != nil {
		t.Fatal(err)
	}
	var l nameIndexLog
	if err := searchkey.FindByName(q, words, &l); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"names 1 an nguyen… (1) 1990", "names 1 anh nguyen… (3) 1990", "names 2 an nguyen… (1) 1990",
		"names 1 anh nguyn… (2) 1990", "names 2 anh nguyen… (3) 1990", "names 2 anh nguyn… (2) 1990",
		fmt.Sprintf("words [an] %d", searchkey.CandidateCap/2), fmt.Sprintf("words [anh ban] %d", searchkey.CandidateCap/2-7),
	}
	if !slices.Equal(l.asked, want) {
		t.Errorf("read:\n%s\nwant:\n%s", strings.Join(l.asked, "\n"), strings.Join(want, "\n"))
	}
	l.asked = nil
	if q.Words = []string{"xyzzy"}; searchkey.FindByName(q, words, &l) != nil || len(l.asked) != 0 {
		t.Errorf("a word no record holds read %v", l.asked)
	}
}
