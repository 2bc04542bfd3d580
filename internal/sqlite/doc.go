// Package sqlite is the civreg store: batches, pages and their images,
// records with their fields, review tasks with their leases and double
// keyings, accounts and sessions, the search keys, possible duplicates,
// office keys and the issuance log, and the append-only audit log, in one
// SQLite file. It implements the registry's ScanStore, RecordStore,
// UserStore, ReviewStore, Searcher, IssueStore, KeyStore and DuplicateStore,
// and is the only package that imports the SQLite driver. The logic any
// SQL store shares lives in internal/sqlstore, which DB embeds, and its
// behaviour is checked by the conformance suite (internal/storetest); this
// package keeps opening the file, the migrations, the bulk loader, when a
// row joins the audit chain (at once, under the write lock) and its
// dialect (dialect.go: the planner's unary + hints, INSERT OR IGNORE,
// IFNULL, the queries that warm the search index).
//
// The schema lives in migrations/*.sql, embedded and applied in order when
// the store is opened, each in its own transaction with foreign keys off
// (so that a migration may rebuild a table) and checked before it commits.
// Events and issuances
// are append-only, enforced by triggers. Every write that changes a field's
// value bumps its version (optimistic concurrency) and brings the record's
// search keys up to date in the same transaction.
//
// Loader (bulk.go) fills a new store with millions of records at once; its
// rows go in through civreg_rows, a small SQL function in C (rows.c).
package sqlite
