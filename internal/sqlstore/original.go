package sqlstore

import (
	"context"
	"database/sql"

	"github.com/civreg/civreg/registry"
)

var _ registry.OriginalStore = (*Store[Tx])(nil)

// SaveOriginal stores a page's original image, once per content, and links
// it to the page, inside the page's transaction. o.SHA256 is set here.
func (d Dialect) SaveOriginal(ctx context.Context, tx Querier, pageID int64, o *registry.Original) error {
	if o == nil {
		return nil
	}
	if err := o.Check(); err != nil {
		return registry.Errorf(registry.EINVALID, "page %d: %s", pageID, registry.ErrorMessage(err))
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO originals (sha256, width, height, dpi, small_dpi, small, data) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING`, o.SHA256, o.Width, o.Height, o.DPI, o.SmallDPI, o.Small, o.JPEG); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO page_originals (page_id, sha256) VALUES (?, ?)`+d.OnPageOriginal, pageID, o.SHA256)
	return err
}

// PageOriginal returns the original image of the page a record was read
// from, or ENOTFOUND when there is no such record or its page was stored
// without one; see registry.OriginalStore.
func (s *Store[T]) PageOriginal(ctx context.Context, recordID string) (*registry.Original, error) {
	var o registry.Original
	return &o, s.original(ctx, recordID, `o.data`, &o, &o.JPEG)
}

// PageSmall is PageOriginal without the full image.
func (s *Store[T]) PageSmall(ctx context.Context, recordID string) (*registry.Original, error) {
	var o registry.Original
	var none any
	return &o, s.original(ctx, recordID, `NULL`, &o, &none)
}

// original reads a record's original into o, the column data into full.
func (s *Store[T]) original(ctx context.Context, recordID, data string, o *registry.Original, full any) error {
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	err = tx.QueryRowContext(ctx, `
		SELECT o.sha256, o.width, o.height, o.dpi, o.small_dpi, o.small, `+data+`
		FROM records r JOIN page_originals p ON p.page_id = r.page_id JOIN originals o ON o.sha256 = p.sha256
		WHERE r.id = ?`, recordID).Scan(&o.SHA256, &o.Width, &o.Height, &o.DPI, &o.SmallDPI, &o.Small, full)
	if err == sql.ErrNoRows {
		return registry.Errorf(registry.ENOTFOUND, "no original page image for record %s", recordID)
	} else if err != nil {
		return err
	}
	return tx.Commit()
}
