// Package export writes records in the formats other systems read: NDJSON,
// the contract of shared/spec/export.md, and CSV for the clerks'
// spreadsheets.
//
// Writers take one record at a time and keep nothing of it, so an export of
// a whole store runs in constant memory when fed by a streaming walk such
// as RecordStore.EachRecord. Every record is completed with every field
// its printed form has, a blank one marked missing, so that a consumer can
// tell "empty on the page" from "not looked for".
package export
