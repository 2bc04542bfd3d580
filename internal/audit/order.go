package audit

import (
	"sort"
	"time"

	"github.com/civreg/civreg/registry"
)

// Unchained is a row a store held before it had a chain: what ChainOrder
// sorts on.
type Unchained struct {
	At     time.Time
	Source string // registry.LinkEvent or registry.LinkIssuance
	ID     int64
}

// ChainOrder sorts rows written before a store had a chain into the order
// they were written, the order a store's migration chains them in: by
// time, an issuance before the event that logs it, then by id.
func ChainOrder(rows []Unchained) {
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		if a.Source != b.Source {
			return a.Source == registry.LinkIssuance
		}
		return a.ID < b.ID
	})
}

// EventContent is the canonical content of an event as a store keeps it
// (its time to the microsecond): what the event's link covers when the
// store writes it.
func EventContent(e *registry.Event) []byte {
	stored := *e
	stored.At = stored.At.UTC().Truncate(time.Microsecond)
	return EncodeEvent(&stored)
}

// IssuanceContent is the canonical content of an issuance as a store
// keeps it.
func IssuanceContent(iss *registry.Issuance) []byte {
	stored := *iss
	stored.At = stored.At.UTC().Truncate(time.Microsecond)
	return EncodeIssuance(&stored)
}
