// Package sqlite is the civreg store: batches, pages and their images,
// records with their fields, review tasks and the append-only audit log, in
// one SQLite file. It implements registry.ScanStore and registry.RecordStore
// and is the only package that imports the SQLite driver.
//
// The schema lives in migrations/*.sql, embedded and applied in order when
// the store is opened, each in its own transaction.
package sqlite
