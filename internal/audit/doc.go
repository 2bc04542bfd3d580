// Package audit makes the log of events and issuances tamper-evident, for
// any store: the canonical encoding of a row, the hash chain over the
// rows, the office-signed checkpoints over the chain's head, and the
// checks that recompute them. A store only keeps the hashes and
// signatures this package computes.
package audit
