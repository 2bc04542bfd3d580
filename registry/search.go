package registry

import (
	"context"
	"strings"
)

// SearchQuery asks for records; zero fields match everything, but a query
// must name at least one thing.
type SearchQuery struct {
	// Name is a person's name, any case, accents optional, small
	// misspellings tolerated: the registered person, a parent or a spouse.
	Name   string
	Born   string // date of birth (ISO or as people write it) or a year
	ID     string // a 12-digit personal ID or an identity document number
	Book   string // quyenSo
	Entry  string // so, the entry number in the book
	Office string
	Kind   Kind
	Status RecordStatus
	Limit  int // at most this many hits; 0 means 20
}

// Describe says what q asks for, in Vietnamese, as the log keeps it.
func (q SearchQuery) Describe() string {
	var parts []string
	for _, f := range [][2]string{{"họ tên", q.Name}, {"sinh", q.Born}, {"giấy tờ", q.ID}, {"quyển", q.Book},
		{"số", q.Entry}, {"cơ quan", q.Office}, {"loại", string(q.Kind)}, {"tình trạng", string(q.Status)}} {
		if f[1] != "" {
			parts = append(parts, f[0]+": "+f[1])
		}
	}
	return strings.Join(parts, "; ")
}

// SearchHit is one found record, with what a clerk needs to pick it.
type SearchHit struct {
	RecordID   string       `json:"record_id"`
	Kind       Kind         `json:"kind"`
	Status     RecordStatus `json:"status"`
	Office     string       `json:"office"`
	Book       string       `json:"book"`
	Entry      string       `json:"entry"`
	Name       string       `json:"name"` // the record's main person
	Born       string       `json:"born"`
	Registered string       `json:"registered"` // ngayDangKy
	Parents    string       `json:"parents"`    // or the spouse, for a marriage
	Score      float64      `json:"score"`
	Why        string       `json:"why"` // what matched, in Vietnamese
}

// Searcher finds records.
type Searcher interface {
	// Search returns hits best first. EINVALID if the query names nothing.
	Search(ctx context.Context, q SearchQuery) ([]SearchHit, error)
}
