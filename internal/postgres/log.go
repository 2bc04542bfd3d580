package postgres

import (
	"context"

	"github.com/civreg/civreg/registry"
)

// Compile-time check that DB keeps a log anyone may add to.
var _ registry.EventLog = (*DB)(nil)

// LogEvent adds one event to the log (e.At set to now when zero), chained
// like every other.
func (d *DB) LogEvent(ctx context.Context, e *registry.Event) error {
	if e.Actor == "" || e.Action == "" {
		return registry.Errorf(registry.EINVALID, "an event needs its actor and action")
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if e.At.IsZero() {
		e.At = d.now()
	}
	if err := insertEvent(ctx, tx, e); err != nil {
		return err
	}
	return tx.Commit()
}

// Compile-time check that DB writes events in batches.
var _ registry.EventBatcher = (*DB)(nil)

// LogEvents adds events in one transaction, chained in their order.
func (d *DB) LogEvents(ctx context.Context, es []registry.Event) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	now := d.now()
	for i := range es {
		e := &es[i]
		if e.Actor == "" || e.Action == "" {
			return registry.Errorf(registry.EINVALID, "an event needs its actor and action")
		}
		if e.At.IsZero() {
			e.At = now
		}
		if err := insertEvent(ctx, tx, e); err != nil {
			return err
		}
	}
	return tx.Commit()
}
