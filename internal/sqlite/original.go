package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"

	"github.com/civreg/civreg/registry"
)

var _ registry.OriginalStore = (*DB)(nil)

// saveOriginal stores a page's original image, once per content, and links
// it to the page, inside the page's transaction. o.SHA256 is set here.
func saveOriginal(ctx context.Context, tx *sql.Tx, pageID int64, o *registry.Original) error {
	if o == nil {
		return nil
	}
	if len(o.JPEG) == 0 || o.Width <= 0 || o.Height <= 0 || o.DPI <= 0 {
		return registry.Errorf(registry.EINVALID, "page %d: an original needs its image, size and resolution", pageID)
	}
	sum := sha256.Sum256(o.JPEG)
	o.SHA256 = hex.EncodeToString(sum[:])
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO originals (sha256, data, width, height, dpi) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING`, o.SHA256, o.JPEG, o.Width, o.Height, o.DPI); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO page_originals (page_id, sha256) VALUES (?, ?)`, pageID, o.SHA256)
	return err
}

// PageOriginal returns the original image of the page a record was read
// from, or ENOTFOUND when there is no such record or its page was stored
// without one; see registry.OriginalStore.
func (d *DB) PageOriginal(ctx context.Context, recordID string) (*registry.Original, error) {
	tx, err := d.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	var o registry.Original
	err = tx.QueryRowContext(ctx, `
		SELECT o.sha256, o.data, o.width, o.height, o.dpi
		FROM records r JOIN page_originals p ON p.page_id = r.page_id JOIN originals o ON o.sha256 = p.sha256
		WHERE r.id = ?`, recordID).Scan(&o.SHA256, &o.JPEG, &o.Width, &o.Height, &o.DPI)
	if err == sql.ErrNoRows {
		return nil, registry.Errorf(registry.ENOTFOUND, "no original page image for record %s", recordID)
	} else if err != nil {
		return nil, err
	}
	return &o, tx.Commit()
}
