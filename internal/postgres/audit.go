package postgres

import (
	"context"

	"github.com/civreg/civreg/internal/sqlstore"
)

// migrationHooks are Go steps run in a migration's transaction after its
// SQL, for what SQL cannot compute.
var migrationHooks = map[string]func(ctx context.Context, tx *Tx) error{
	"0006_audit_chain.sql": chainExisting,
}

// chainLock is the advisory lock key a transaction holds, from just
// before its commit, while it appends its links ("chain" in ASCII).
const chainLock = 0x636861696e

// lockChain takes the chain's lock until t ends.
func lockChain(ctx context.Context, t *Tx) error {
	_, err := t.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(chainLock))
	return err
}

// chain notes a row just written, to be chained at commit.
func (t *Tx) chain(source string, rowID int64, content []byte) {
	t.links = append(t.links, sqlstore.Pending{Source: source, RowID: rowID, Content: content})
}

// chainLinks appends the transaction's links to the chain. It runs at
// commit, after every row lock the transaction takes, so that holding the
// chain's lock waits for nothing but other commits: writers run together
// and queue only here, in the order the chain records. Under READ
// COMMITTED the head read after the lock is the last committed link.
func chainLinks(ctx context.Context, t *Tx) error {
	if err := lockChain(ctx, t); err != nil {
		return err
	}
	if err := sqlstore.AppendLinks(ctx, t, t.links); err != nil {
		return conflict(err, "the audit chain holds a link for this row already: has a sequence been set back?")
	}
	t.links = nil
	return nil
}

// chainExisting chains the events and issuances a registry held before it
// had a chain.
func chainExisting(ctx context.Context, tx *Tx) error {
	links, err := sqlstore.ChainExisting(ctx, tx)
	if err != nil {
		return err
	}
	tx.links = append(tx.links, links...)
	return chainLinks(ctx, tx)
}
