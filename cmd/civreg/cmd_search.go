package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/civreg/civreg/registry"
	"github.com/spf13/cobra"
)

// SearchOptions are the flags of `civreg search`.
type SearchOptions struct {
	Name   string
	Born   string
	ID     string
	Book   string
	Entry  string
	Office string
	Kind   string
	Status string
	Limit  int
	JSON   bool
}

// AddFlags registers the options on cmd.
func (o *SearchOptions) AddFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.Name, "name", "", "a name: the registered person, a parent or a spouse; accents optional, small misspellings tolerated")
	f.StringVar(&o.Born, "born", "", "date of birth (26/6/1948, 1948-06-26) or year")
	f.StringVar(&o.ID, "id", "", "personal ID (12 digits), CMND or passport number")
	f.StringVar(&o.Book, "book", "", "book number NN/YYYY")
	f.StringVar(&o.Entry, "entry", "", "entry number (số) in the book; needs --book")
	f.StringVar(&o.Office, "office", "", "registering office, or part of its name")
	f.StringVar(&o.Kind, "kind", "", "KS, KH, KT or CMC")
	f.StringVar(&o.Status, "status", "", "verified or needs_review")
	f.IntVar(&o.Limit, "limit", 20, "at most this many records")
	f.BoolVar(&o.JSON, "json", false, "print the hits as JSON")
}

func newSearchCommand(g *Globals) *cobra.Command {
	var o SearchOptions
	cmd := &cobra.Command{
		Use:   "search [flags]",
		Short: "Find register entries by name, date of birth, ID or book and entry",
		Long: `Search finds stored records, best match first: by the name of the registered
person, a parent or a spouse (accents and case ignored, a letter or two
wrong tolerated), the date or year of birth, a personal ID or identity
document number, or the book and entry number, narrowed by office, kind and
status. Each hit says why it matched; issue a certified copy of the one
you want with ` + "`civreg extract issue RECORD`" + `.`,
		Example: `  civreg search --name "nguyen van an" --born 1990
  civreg search --id 079090001234
  civreg search --book 01/2009 --entry 12 --office "Bến Nghé"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSearch(cmd, g, o)
		},
	}
	o.AddFlags(cmd)
	return cmd
}

func runSearch(cmd *cobra.Command, g *Globals, o SearchOptions) error {
	q := registry.SearchQuery{
		Name: o.Name, Born: o.Born, ID: o.ID, Book: o.Book, Entry: o.Entry, Office: o.Office,
		Status: registry.RecordStatus(o.Status), Limit: o.Limit,
	}
	if o.Kind != "" {
		k, err := registry.ParseKind(strings.ToUpper(o.Kind))
		if err != nil {
			return err
		}
		q.Kind = k
	}
	if o.Limit < 1 {
		return registry.Errorf(registry.EINVALID, "--limit %d: want at least 1", o.Limit)
	}
	db, err := openStore(g, false)
	if err != nil {
		return err
	}
	defer db.Close()
	var s registry.Searcher = db
	hits, err := s.Search(cmd.Context(), q)
	if err != nil {
		return err
	}
	// Searches are logged at the station; here under the system account,
	// the only name the command line knows without a sign-in.
	if err := db.LogEvent(cmd.Context(), &registry.Event{Actor: cliActor(), Action: "search", New: strconv.Itoa(len(hits)), Note: q.Describe()}); err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	if o.JSON {
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if hits == nil {
			hits = []registry.SearchHit{}
		}
		if err := enc.Encode(hits); err != nil {
			return err
		}
	} else if len(hits) > 0 {
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "RECORD\tKIND\tSTATUS\tNAME\tBORN\tOFFICE\tBOOK/ENTRY\tREGISTERED\tWHY")
		for _, h := range hits {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s/%s\t%s\t%s\n",
				h.RecordID, h.Kind, h.Status, dash(h.Name), dash(h.Born), dash(h.Office), dash(h.Book), dash(h.Entry), dash(h.Registered), h.Why)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(hits) == 0 {
		return registry.Errorf(registry.ENOTFOUND, "no record matches the search")
	}
	return nil
}

// dash stands in for an empty cell, so that the columns stay readable.
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
