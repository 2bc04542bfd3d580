// Package storetest is the conformance suite every civreg store passes, in
// the manner of restic's internal/backend/test: a store's own tests call
// Run with a function that opens a fresh, empty store, and the suite checks
// the contracts of the registry's interfaces against it — scan storage (a
// page in one transaction, a rerun idempotent by page hash), records and
// fields, review leases, version checks and double entry, search,
// duplicates, users and sessions, office keys and their validity,
// issuances (copy numbers never reused), the append-only event log and its
// hash chain (tampering found by audit.Verify), sign-in throttling state
// and disabled accounts.
//
// A few checks need to look past the interfaces (that the events table
// refuses an UPDATE, that a session token is stored hashed): they go
// through Harness.Raw, with SQL every store understands — the stores keep
// the same table and column names, and a store whose driver wants other
// placeholders than ? rewrites them. Tampering past the triggers goes
// through Harness.Tamper, since each database drops them its own way.
package storetest

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/civreg/civreg/registry"
)

// Raw runs SQL on a store's tables directly, bypassing the store.
// Placeholders are written ?.
type Raw interface {
	Exec(query string, args ...any) (sql.Result, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	Query(query string, args ...any) (*sql.Rows, error)
	QueryRow(query string, args ...any) *sql.Row
}

// Harness is a store under test.
type Harness struct {
	Store registry.Store
	Raw   Raw
	// Tamper runs query on table as someone with write access to the
	// database would: with the table's append-only triggers out of the
	// way for the statement, and back after it.
	Tamper func(ctx context.Context, table, query string, args ...any) error
	// Unchain closes the store, takes its schema back to before the audit
	// chain (the chain's tables, and the record of the migration that
	// made them, gone; the events and issuances kept) and opens it again,
	// returning the store opened, closed when t ends.
	Unchain func(t *testing.T) registry.Store
}

// Opener opens a fresh, empty store whose clock is now, closed when t ends.
type Opener func(t *testing.T, now func() time.Time) *Harness

// opened maps a store under test to its harness. Run sets opener; the
// suite's tests do not run in parallel.
var (
	opener Opener
	opened = map[registry.Store]*Harness{}
)

// tests are the suite's checks, by name.
var tests = []struct {
	name string
	fn   func(*testing.T)
}{
	{"SavePageRoundTrip", testSavePageRoundTrip},
	{"RecordIDFromHash", testRecordIDFromHash},
	{"FindRecordNotFound", testFindRecordNotFound},
	{"SavePageDuplicate", testSavePageDuplicate},
	{"SavePageInvalid", testSavePageInvalid},
	{"FailureThenSuccess", testFailureThenSuccess},
	{"EachRecord", testEachRecord},
	{"OpenBooks", testOpenBooks},
	{"EventsAppendOnly", testEventsAppendOnly},
	{"ConcurrentSavePage", testConcurrentSavePage},
	{"AcceptFields", testAcceptFields},
	{"FlagFields", testFlagFields},
	{"Users", testUsers},
	{"Sessions", testSessions},
	{"LeaseExclusive", testLeaseExclusive},
	{"TaskView", testTaskView},
	{"PriorityOrder", testPriorityOrder},
	{"SingleEntryActions", testSingleEntryActions},
	{"StaleVersionRefused", testStaleVersionRefused},
	{"LeaseLostRefused", testLeaseLostRefused},
	{"DoubleEntryAgree", testDoubleEntryAgree},
	{"DoubleEntryDisagreeArbitrate", testDoubleEntryDisagreeArbitrate},
	{"IllegibleGoesToSupervisor", testIllegibleGoesToSupervisor},
	{"Skip", testSkip},
	{"Filters", testFilters},
	{"GroupTasks", testGroupTasks},
	{"RecordTasks", testRecordTasks},
	{"Progress", testProgress},
	{"ReviewConcurrent", testReviewConcurrent},
	{"Search", testSearch},
	{"SearchHit", testSearchHit},
	{"SearchInvalid", testSearchInvalid},
	{"SearchFollowsCorrections", testSearchFollowsCorrections},
	{"SearchRanksRolesFirst", testSearchRanksRolesFirst},
	{"WarmSearch", testWarmSearch},
	{"FindDuplicates", testFindDuplicates},
	{"DuplicateCommonKeyIsNoEvidence", testDuplicateCommonKeyIsNoEvidence},
	{"NextCopyNumbers", testNextCopyNumbers},
	{"NextCopyRefuses", testNextCopyRefuses},
	{"NextCopyConcurrent", testNextCopyConcurrent},
	{"IssuancesAppendOnly", testIssuancesAppendOnly},
	{"Keys", testKeys},
	{"PageOriginal", testPageOriginal},
	{"AuditChain", testAuditChain},
	{"AuditTamper", testAuditTamper},
	{"AuditCheckpoints", testAuditCheckpoints},
	{"AuditConcurrent", testAuditConcurrent},
	{"AuditChainsExistingRows", testAuditChainsExistingRows},
	{"LogEvents", testLogEvents},
	{"Signin", testSignin},
	{"SigninConcurrent", testSigninConcurrent},
	{"DisableUser", testDisableUser},
	{"KeyValidity", testKeyValidity},
}

// Run runs the suite against the stores open makes.
func Run(t *testing.T, open Opener) {
	opener = open
	for _, tc := range tests {
		t.Run(tc.name, tc.fn)
	}
}

// open returns a fresh store with a fixed clock.
func open(t *testing.T) registry.Store {
	return openAt(t, func() time.Time { return epoch })
}

// openAt returns a fresh store with the clock now.
func openAt(t *testing.T, now func() time.Time) registry.Store {
	t.Helper()
	h := opener(t, now)
	opened[h.Store] = h
	t.Cleanup(func() { delete(opened, h.Store) })
	return h.Store
}

// raw returns the direct access to a store's tables.
func raw(t *testing.T, db registry.Store) Raw {
	t.Helper()
	return opened[db].Raw
}

// Count returns the number of rows of table.
func Count(t *testing.T, r Raw, table string) int {
	t.Helper()
	var n int
	if err := r.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
