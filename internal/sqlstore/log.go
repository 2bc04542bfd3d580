package sqlstore

import (
	"context"

	"github.com/civreg/civreg/internal/audit"
	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
)

// InsertEvent adds an event to the audit log in tx, setting its ID, and
// chains it (Config.Chain). The store packages call it for writes of
// their own, such as a push to the registry.
func (s *Store[T]) InsertEvent(ctx context.Context, tx T, e *registry.Event) error {
	cols, vals := s.d.ChainedID("events", registry.LinkEvent)
	id, err := s.insertID(ctx, tx, `
		INSERT INTO events (`+cols+`at, actor, action, record_id, field_key, old, new, note)
		VALUES (`+vals+`?, ?, ?, ?, ?, ?, ?, ?)`,
		storetime.Format(e.At), e.Actor, e.Action, e.RecordID, e.FieldKey, e.Old, e.New, e.Note)
	if err != nil {
		return err
	}
	e.ID = id
	return s.chain(ctx, tx, registry.LinkEvent, e.ID, audit.EventContent(e))
}

// Compile-time check that Store keeps a log anyone may add to.
var _ registry.EventLog = (*Store[Tx])(nil)

// LogEvent adds one event to the log (e.At set to now when zero), chained
// like every other.
func (s *Store[T]) LogEvent(ctx context.Context, e *registry.Event) error {
	if e.Actor == "" || e.Action == "" {
		return registry.Errorf(registry.EINVALID, "an event needs its actor and action")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if e.At.IsZero() {
		e.At = s.now()
	}
	if err := s.InsertEvent(ctx, tx, e); err != nil {
		return err
	}
	return tx.Commit()
}

// Compile-time check that Store writes events in batches.
var _ registry.EventBatcher = (*Store[Tx])(nil)

// LogEvents adds events in one transaction, chained in their order.
func (s *Store[T]) LogEvents(ctx context.Context, es []registry.Event) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	now := s.now()
	for i := range es {
		e := &es[i]
		if e.Actor == "" || e.Action == "" {
			return registry.Errorf(registry.EINVALID, "an event needs its actor and action")
		}
		if e.At.IsZero() {
			e.At = now
		}
		if err := s.InsertEvent(ctx, tx, e); err != nil {
			return err
		}
	}
	return tx.Commit()
}
