package postgres

import "testing"

// TestDefTableAndName reads the table and the name out of the statements
// the loader builds keys and indexes again with, as the server writes them.
func TestDefTableAndName(t *testing.T) {
	for _, c := range []struct{ def, table, name string }{
		{`ALTER TABLE search_tokens ADD CONSTRAINT search_tokens_pkey PRIMARY KEY (tok, doc)`, "search_tokens", "key search_tokens.search_tokens_pkey"},
		{`ALTER TABLE records ADD CONSTRAINT "records_page_id_fkey" FOREIGN KEY (page_id) REFERENCES pages(id)`, "records", "key records.records_page_id_fkey"},
		{`CREATE INDEX search_names_year ON public.search_names USING btree (year, key) INCLUDE (doc, role)`, "search_names", "index search_names_year"},
		{`CREATE UNIQUE INDEX pages_sha256 ON ONLY public.pages USING btree (sha256) WHERE (sha256 <> ''::text)`, "pages", "index pages_sha256"},
	} {
		if got := defTable(c.def); got != c.table {
			t.Errorf("defTable(%q) = %q, want %q", c.def, got, c.table)
		}
		if got := defName(c.def); got != c.name {
			t.Errorf("defName(%q) = %q, want %q", c.def, got, c.name)
		}
	}
}
