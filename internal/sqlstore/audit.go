package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
)

// Checkpoints lists the signed checkpoints, oldest first.
func (s *Store[T]) Checkpoints(ctx context.Context) ([]registry.Checkpoint, error) {
	return s.checkpoints(ctx, `ORDER BY id`)
}

// LastCheckpoint returns the newest checkpoint, or nil.
func (s *Store[T]) LastCheckpoint(ctx context.Context) (*registry.Checkpoint, error) {
	cps, err := s.checkpoints(ctx, `ORDER BY id DESC LIMIT 1`)
	if err != nil || len(cps) == 0 {
		return nil, err
	}
	return &cps[0], nil
}

func (s *Store[T]) checkpoints(ctx context.Context, order string) ([]registry.Checkpoint, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT id, seq, hash, at, key_id, signature FROM audit_checkpoints `+order)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []registry.Checkpoint
	for rows.Next() {
		var cp registry.Checkpoint
		var at string
		if err := rows.Scan(&cp.ID, &cp.Seq, &cp.Hash, &at, &cp.KeyID, &cp.Signature); err != nil {
			return nil, err
		}
		if cp.At, err = storetime.Parse(at); err != nil {
			return nil, err
		}
		out = append(out, cp)
	}
	return out, rows.Err()
}

// AddCheckpoint signs the chain's head with sign and stores the
// checkpoint, in one write transaction holding the chain's lock
// (Config.LockChain) so that the head cannot move in between.
func (s *Store[T]) AddCheckpoint(ctx context.Context, sign func(head *registry.Link) (*registry.Checkpoint, error)) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if s.lockChain != nil {
		if err := s.lockChain(ctx, tx); err != nil {
			return err
		}
	}
	var head *registry.Link
	var l registry.Link
	err = tx.QueryRowContext(ctx, `SELECT seq, source, row_id, hash FROM audit_chain ORDER BY seq DESC LIMIT 1`).Scan(&l.Seq, &l.Source, &l.RowID, &l.Hash)
	if err == nil {
		head = &l
	} else if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	cp, err := sign(head)
	if err != nil {
		return err
	}
	if cp.ID, err = s.insertID(ctx, tx, `INSERT INTO audit_checkpoints (seq, hash, at, key_id, signature) VALUES (?, ?, ?, ?, ?)`,
		cp.Seq, cp.Hash, storetime.Format(cp.At), cp.KeyID, cp.Signature); err != nil {
		return s.conflict(err, "checkpoint key %s is not registered in this store", cp.KeyID)
	}
	return tx.Commit()
}
