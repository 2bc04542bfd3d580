package sqlite

import (
	"context"
	"database/sql"

	"github.com/civreg/civreg/internal/audit"
	"github.com/civreg/civreg/internal/sqlstore"
	"github.com/civreg/civreg/registry"
)

// validStatus holds the field statuses a stored page may give a field.
var validStatus = sqlstore.ValidStatus

var validStage = map[registry.TaskStage]bool{
	registry.StageReview: true, registry.StageEntry1: true, registry.StageEntry2: true, registry.StageArbitrate: true,
}

// saveImages stores a saved page's image, under the page's id, and its
// original.
func saveImages(ctx context.Context, tx *sql.Tx, r *registry.PageResult) error {
	if len(r.Image) > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO page_images (page_id, data) VALUES (?, ?)`, r.Page.ID, r.Image); err != nil {
			return err
		}
	}
	return dialect.SaveOriginal(ctx, tx, r.Page.ID, r.Original)
}

func insertEvent(ctx context.Context, tx *sql.Tx, e *registry.Event) error {
	res, err := tx.ExecContext(ctx, `
		INSERT INTO events (id, at, actor, action, record_id, field_key, old, new, note)
		VALUES (`+nextRowID("events", registry.LinkEvent)+`, ?, ?, ?, ?, ?, ?, ?, ?)`,
		formatTime(e.At), e.Actor, e.Action, e.RecordID, e.FieldKey, e.Old, e.New, e.Note)
	if err != nil {
		return err
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return appendLink(ctx, tx, registry.LinkEvent, e.ID, audit.EventContent(e))
}
