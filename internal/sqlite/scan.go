package sqlite

import (
	"context"
	"database/sql"

	"github.com/civreg/civreg/registry"
)

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
