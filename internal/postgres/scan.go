package postgres

import (
	"context"

	"github.com/civreg/civreg/registry"
)

// saveImages stores a saved page's original and its image, kept by
// content.
func saveImages(ctx context.Context, tx *Tx, r *registry.PageResult) error {
	if err := dialect.SaveOriginal(ctx, tx, r.Page.ID, r.Original); err != nil {
		return err
	}
	if len(r.Image) > 0 {
		// Content-addressed: the same page pushed twice is kept once.
		if _, err := tx.ExecContext(ctx, `INSERT INTO page_images (sha256, data) VALUES (?, ?) ON CONFLICT DO NOTHING`, r.Page.SHA256, r.Image); err != nil {
			return err
		}
	}
	return nil
}
