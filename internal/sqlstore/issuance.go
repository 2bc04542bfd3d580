package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/civreg/civreg/internal/audit"
	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
)

// Compile-time checks that Store keeps issuances and keys.
var (
	_ registry.IssueStore = (*Store[Tx])(nil)
	_ registry.KeyStore   = (*Store[Tx])(nil)
)

// NextCopy allocates the next copy number of iss.Office and iss.Year and
// stores iss with it, together with an "extract.issued" event, in one
// transaction. The number is MAX(seq)+1 of the office and year, read so
// that two issuers never get the same number (Dialect.NextSeq: under the
// write lock the transaction holds from its start, or with the office's
// count locked), and since issuances are never deleted a number is never
// given twice. build is called inside the transaction with iss.Seq and
// iss.CopyNo set, to fill Content, Signature and KeyID; if it fails, nothing
// is stored and the number stays free.
//
// iss.At is set to now when zero. It returns ENOTFOUND for an unknown
// record, an unknown signing key or an unknown user in iss.IssuedBy, and
// EUNAUTHORIZED for a user who is not an issuer.
func (s *Store[T]) NextCopy(ctx context.Context, iss *registry.Issuance, code string, build func(*registry.Issuance) error) error {
	switch {
	case iss.Office == "":
		return registry.Errorf(registry.EINVALID, "an issuance needs the issuing office")
	case iss.Year < 1 || iss.Year > 9999:
		return registry.Errorf(registry.EINVALID, "issuance year %d out of range", iss.Year)
	case iss.IssuedBy == "":
		return registry.Errorf(registry.EINVALID, "an issuance needs the user who issues it")
	case code == "":
		return registry.Errorf(registry.EINVALID, "an issuance needs a copy code")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if iss.At.IsZero() {
		iss.At = s.now()
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM records WHERE id = ?`, iss.RecordID).Scan(&n); err != nil {
		return err
	} else if n == 0 {
		return registry.Errorf(registry.ENOTFOUND, "record %s not found", iss.RecordID)
	}
	if err := checkUser(ctx, tx, iss.IssuedBy); err != nil {
		return err
	}
	q, args := s.d.NextSeq(iss.Office, iss.Year)
	if err := tx.QueryRowContext(ctx, q, args...).Scan(&iss.Seq); err != nil {
		return err
	}
	iss.CopyNo = fmt.Sprintf("%d/%d/%s", iss.Seq, iss.Year, code)
	if err := build(iss); err != nil {
		iss.Seq, iss.CopyNo = 0, ""
		return err
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM office_keys WHERE key_id = ?`, iss.KeyID).Scan(&n); err != nil {
		return err
	} else if n == 0 {
		return registry.Errorf(registry.ENOTFOUND, "signing key %q is not registered in this store", iss.KeyID)
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM office_key_ends WHERE key_id = ?`, iss.KeyID).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return registry.Errorf(registry.ECONFLICT, "signing key %s was replaced or revoked: it signs no more copies", iss.KeyID)
	}
	cols, vals := s.d.ChainedID("issuances", registry.LinkIssuance)
	if iss.ID, err = s.insertID(ctx, tx, `
		INSERT INTO issuances (`+cols+`copy_no, office, year, seq, record_id, issued_by, requester, at, content, signature, key_id)
		VALUES (`+vals+`?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		iss.CopyNo, iss.Office, iss.Year, iss.Seq, iss.RecordID, iss.IssuedBy, iss.Requester,
		storetime.Format(iss.At), iss.Content, iss.Signature, iss.KeyID); err != nil {
		return s.conflict(err, "copy number %s of %s is taken", iss.CopyNo, iss.Office)
	}
	if err := s.chain(ctx, tx, registry.LinkIssuance, iss.ID, audit.IssuanceContent(iss)); err != nil {
		return err
	}
	note := "cơ quan cấp: " + iss.Office
	if iss.Requester != "" {
		note += "; người yêu cầu: " + iss.Requester
	}
	if err := s.InsertEvent(ctx, tx, &registry.Event{
		At: iss.At, Actor: iss.IssuedBy, Action: "extract.issued", RecordID: iss.RecordID,
		New: iss.CopyNo, Note: note,
	}); err != nil {
		return err
	}
	return tx.Commit()
}

// checkUser returns ENOTFOUND for a user name not in the store, and
// EUNAUTHORIZED for a user whose role may not issue extracts.
func checkUser(ctx context.Context, tx Querier, name string) error {
	var role string
	err := tx.QueryRowContext(ctx, `SELECT role FROM users WHERE name = ?`, name).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return registry.Errorf(registry.ENOTFOUND, "no user %q in this store", name)
	} else if err != nil {
		return err
	}
	if !registry.Role(role).CanIssue() {
		return registry.Errorf(registry.EUNAUTHORIZED, "user %s is a %s: only an issuer may issue extracts", name, role)
	}
	return nil
}

// IssuanceColumns are the columns of issuances, in the order of
// registry.Issuance's fields.
const IssuanceColumns = `id, copy_no, office, year, seq, record_id, issued_by, requester, at, content, signature, key_id`

// FindIssuance returns the issuance with a copy number, or ENOTFOUND. A
// store shared by several offices may hold the same number from each: that
// is ECONFLICT, and FindOfficeIssuance names the office.
func (s *Store[T]) FindIssuance(ctx context.Context, copyNo string) (*registry.Issuance, error) {
	return s.FindOfficeIssuance(ctx, "", copyNo)
}

// FindOfficeIssuance returns the issuance of office with a copy number, or
// ENOTFOUND; an empty office matches any, as FindIssuance does.
func (s *Store[T]) FindOfficeIssuance(ctx context.Context, office, copyNo string) (*registry.Issuance, error) {
	q := `SELECT ` + IssuanceColumns + ` FROM issuances WHERE copy_no = ?`
	args := []any{copyNo}
	if office != "" {
		q += ` AND office = ?`
		args = append(args, office)
	}
	var found []registry.Issuance
	if err := s.eachIssuance(ctx, q+` ORDER BY id LIMIT 2`, args, func(iss *registry.Issuance) error {
		found = append(found, *iss)
		return nil
	}); err != nil {
		return nil, err
	}
	switch len(found) {
	case 0:
		return nil, registry.Errorf(registry.ENOTFOUND, "no extract with copy number %s", copyNo)
	case 1:
		return &found[0], nil
	}
	return nil, registry.Errorf(registry.ECONFLICT, "copy number %s was issued by more than one office: name the office", copyNo)
}

// Issuances lists the issuances of one record, oldest first.
func (s *Store[T]) Issuances(ctx context.Context, recordID string) ([]registry.Issuance, error) {
	var out []registry.Issuance
	err := s.EachIssuance(ctx, recordID, func(iss *registry.Issuance) error {
		out = append(out, *iss)
		return nil
	})
	return out, err
}

// EachIssuance calls fn for every issuance of a record, or of every record
// when recordID is "", oldest first.
func (s *Store[T]) EachIssuance(ctx context.Context, recordID string, fn func(*registry.Issuance) error) error {
	q := `SELECT ` + IssuanceColumns + ` FROM issuances`
	var args []any
	if recordID != "" {
		q += ` WHERE record_id = ?`
		args = append(args, recordID)
	}
	return s.eachIssuance(ctx, q+` ORDER BY id`, args, fn)
}

func (s *Store[T]) eachIssuance(ctx context.Context, q string, args []any, fn func(*registry.Issuance) error) error {
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var iss registry.Issuance
		var at string
		if err := rows.Scan(&iss.ID, &iss.CopyNo, &iss.Office, &iss.Year, &iss.Seq, &iss.RecordID, &iss.IssuedBy,
			&iss.Requester, &at, &iss.Content, &iss.Signature, &iss.KeyID); err != nil {
			return err
		}
		if iss.At, err = storetime.Parse(at); err != nil {
			return err
		}
		if err := fn(&iss); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return tx.Commit()
}

// AddKey stores an office's public key; k.Created is set to now when zero.
// It returns ECONFLICT if the key is stored already, or if its office has
// an active key: see ReplaceKey.
func (s *Store[T]) AddKey(ctx context.Context, k *registry.OfficeKey) error {
	return s.addKey(ctx, k, "")
}

// FindKey returns the public key with an id, or ENOTFOUND.
func (s *Store[T]) FindKey(ctx context.Context, id string) (*registry.OfficeKey, error) {
	keys, err := s.keys(ctx, `WHERE k.key_id = ?`, id)
	if err != nil {
		return nil, err
	} else if len(keys) == 0 {
		return nil, registry.Errorf(registry.ENOTFOUND, "no office key %s in this store", id)
	}
	return &keys[0], nil
}

// Keys lists the public keys of an office, or of every office when office
// is "", newest first.
func (s *Store[T]) Keys(ctx context.Context, office string) ([]registry.OfficeKey, error) {
	if office == "" {
		return s.keys(ctx, ``)
	}
	return s.keys(ctx, `WHERE k.office = ?`, office)
}

func (s *Store[T]) keys(ctx context.Context, where string, args ...any) ([]registry.OfficeKey, error) {
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	rows, err := tx.QueryContext(ctx, `
		SELECT k.key_id, k.office, k.public_key, k.created, `+s.d.IfNull+`(e.ended, ''), `+s.d.IfNull+`(e.how, '')
		FROM office_keys k LEFT JOIN office_key_ends e ON e.key_id = k.key_id `+where+` ORDER BY k.created DESC, k.key_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []registry.OfficeKey
	for rows.Next() {
		var k registry.OfficeKey
		var created, ended string
		if err := rows.Scan(&k.ID, &k.Office, &k.Public, &created, &ended, &k.How); err != nil {
			return nil, err
		}
		if k.Created, err = storetime.Parse(created); err != nil {
			return nil, err
		}
		if k.Ended, err = storetime.Parse(ended); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tx.Commit()
}
