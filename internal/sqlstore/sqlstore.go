// Package sqlstore holds the logic of the registry's stores that is the
// same over any SQL database: storing pages, leasing and settling review
// tasks, records, users and sign-ins, the search index, duplicates, office
// keys and issuances, the event log, the hash-chained audit log (its links,
// its walk, its shape, the first chaining of older rows) and its
// checkpoints, and the helpers a store's own code needs (Conflicts,
// Placeholders, InsertEvent). A store package (internal/sqlite,
// internal/postgres) embeds Store and keeps what is truly its own — its
// driver, opening, migrations, bulk loading, when a row joins the audit
// chain — and hands New a Dialect, the few fragments of SQL its database
// spells differently, and a Config of the writes it does its own way. It
// knows no driver: each store passes its own pools and transactions, which
// bind placeholders as that store needs; queries here are written with ?
// placeholders. The stores' shared conformance suite is internal/storetest.
package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
)

// Querier runs SQL: a pool or a transaction, *sql.DB, *sql.Tx, or a
// store's own wrapper of them.
type Querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Tx is a transaction.
type Tx interface {
	Querier
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	Commit() error
	Rollback() error
}

// Pool begins transactions of type T and runs queries outside one.
type Pool[T Tx] interface {
	Querier
	BeginTx(ctx context.Context, opts *sql.TxOptions) (T, error)
}

// Dialect is what a database spells its own way in the shared queries.
// Each fragment is put in as it is; an empty one leaves nothing.
type Dialect struct {
	// Hint goes before a column that SQLite's planner must not answer
	// from an index ("+", the unary plus); "" where there is no such hint.
	Hint string
	// User and By name the columns "user" (keyings) and "by" (ends of
	// office keys), words some databases keep for themselves.
	User, By string
	// IfNull is the name of the function that gives its second argument
	// when the first is NULL.
	IfNull string
	// CountIf counts the rows of a group where cond holds.
	CountIf func(cond string) string
	// CountIfOrZero counts the rows where cond holds, 0 over no rows.
	CountIfOrZero func(cond string) string
	// BigInt ends a SUM of integers that the database would otherwise
	// return as a decimal.
	BigInt string
	// LockFree ends a query that picks tasks to lease, so that two
	// transactions leasing at once do not take the same task (a database
	// that lets one writer in at a time needs none).
	LockFree string
	// ForUpdate ends a query that reads a row the transaction may change,
	// locking it until the transaction ends.
	ForUpdate string
	// LockTaskRecord, unless "", is run with a task's id before a
	// submission reads the task: it locks the task's record first, in the
	// order every writer of a record takes its locks.
	LockTaskRecord string
	// InsertIgnore begins an INSERT that adds nothing where the row
	// would break a unique constraint; OnConflictIgnore ends it.
	InsertIgnore, OnConflictIgnore string
	// WordDocs is the FROM and WHERE (and ORDER, if any) of a query
	// reading the search docs (as s) holding one of the words whose
	// placeholders are in; the query ends with a LIMIT.
	WordDocs func(in string) string
	// JSONRows is a FROM item, p, with a row for each element of a JSON
	// array given as a text parameter, the element as p.value.
	JSONRows string
	// NextSeq is the query, with its arguments, that returns the next
	// copy number of an office's year for an issuance being stored.
	NextSeq func(office string, year int) (string, []any)
	// ChainedID returns what an INSERT into a table whose rows are
	// chained in the audit log (source) puts before its other columns
	// and values: "" where the database numbers the rows itself.
	ChainedID func(table, source string) (cols, vals string)
	// LockOfficeKey, unless "", is run with an office before its keys
	// change, so that two changes of one office's keys wait for each
	// other.
	LockOfficeKey string
	// OnPageOriginal ends the INSERT that links a page to its original:
	// what a second link of the page does ("" fails).
	OnPageOriginal string
	// LockSignin, unless "", is run with a sign-in's name and address
	// before the attempts are counted, so that attempts at one account or
	// from one address are counted one after the other.
	LockSignin string
	// Bool is how the database takes a boolean parameter.
	Bool func(bool) any
	// FieldsOfRecord is a FROM item, d, of the fields of the record r,
	// tied to r by FieldsOfRecordCond (none where the item is r's own).
	FieldsOfRecord, FieldsOfRecordCond string
	// RecordsFields is the FROM of records r joined to their fields f.
	RecordsFields string
	// RecordImage is the FROM of records r joined to their page's image i.
	RecordImage string
	// Returning: the database gives a new row's key with RETURNING (else
	// the driver's LastInsertId).
	Returning bool
	// Ordered: the search index writes its rows in one order, so that two
	// transactions indexing at once lock them in the same order and never
	// deadlock.
	Ordered bool
	// DropWord and AddWord take a word of a record's names out of the
	// search index, or put it in, and keep the word's count.
	DropWord, AddWord func(ctx context.Context, tx Querier, tok string, doc int64) error
	// FieldsJoin is what a record r is LEFT JOINed to, with its ON, for
	// a row per field f (see RecordQuery).
	FieldsJoin string
	// WarmSearch are the queries that read the search index from end to
	// end, each returning one number or NULL.
	WarmSearch []string
}

// Config is what a store hands New.
type Config[T Tx] struct {
	// Pool writes; ReadPool only reads (it may be Pool).
	Pool, ReadPool Pool[T]
	// Now returns the current time; it is called each time, so that a
	// store's tests can replace the clock.
	Now     func() time.Time
	Dialect Dialect
	// Name is the store's file or URL: it names the store's caches.
	Name string
	// SaveImages stores the image and the original of a page being
	// saved, once the page has its ID.
	SaveImages func(ctx context.Context, tx T, r *registry.PageResult) error
	// Chain adds a chained row (an issuance, an event) to the audit
	// chain: at once, or when tx commits.
	Chain func(ctx context.Context, tx T, source string, rowID int64, content []byte) error
	// LockChain, if not nil, takes the audit chain's lock until tx ends,
	// where writers do not hold the database's one write lock.
	LockChain func(ctx context.Context, tx T) error
	// IsConstraint reports whether err is a failed constraint (unique,
	// foreign key, check) or a trigger's refusal.
	IsConstraint func(error) bool
}

// Store is the shared part of a store. A store package embeds it, so that
// its methods are the store's.
type Store[T Tx] struct {
	db, rdb    Pool[T]
	clock      func() time.Time
	d          Dialect
	name       string
	saveImages func(context.Context, T, *registry.PageResult) error
	chain      func(context.Context, T, string, int64, []byte) error
	lockChain  func(context.Context, T) error
	conflict   func(err error, format string, args ...any) error
}

// New returns the shared part of a store.
func New[T Tx](c Config[T]) *Store[T] {
	return &Store[T]{
		db: c.Pool, rdb: c.ReadPool, clock: c.Now, d: c.Dialect, name: c.Name,
		saveImages: c.SaveImages, chain: c.Chain, lockChain: c.LockChain, conflict: Conflicts(c.IsConstraint),
	}
}

// now returns the current time as the store keeps it.
func (s *Store[T]) now() time.Time {
	return storetime.Truncate(s.clock())
}

// Actor is the name events give the system as their actor.
const Actor = "civreg"

// Conflicts returns a function that turns a constraint failure, as
// isConstraint tells one, into ECONFLICT with a one-line message, and
// returns other errors unchanged.
func Conflicts(isConstraint func(error) bool) func(err error, format string, args ...any) error {
	return func(err error, format string, args ...any) error {
		if isConstraint(err) {
			return registry.Errorf(registry.ECONFLICT, format, args...)
		}
		return err
	}
}

// insertID runs an INSERT and returns the id of the row it added.
func (s *Store[T]) insertID(ctx context.Context, tx T, q string, args ...any) (int64, error) {
	return s.d.insertReturning(ctx, tx, "id", q, args...)
}
