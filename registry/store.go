package registry

import (
	"context"
	"time"
)

// Batch is one scan run by a ward clerk: a set of files from one book.
type Batch struct {
	ID      int64
	Office  string // noiDangKy, such as "UBND phường Bến Nghé"
	Book    string // quyenSo, "NN/YYYY"
	Kind    Kind   // empty: detected per page
	Era     Era    // empty: detected per page
	Started time.Time
}

// PageStatus is how the processing of one page ended.
type PageStatus string

// Page statuses.
const (
	PageDone   PageStatus = "done"   // read and stored with its record
	PageFailed PageStatus = "failed" // could not be read; Error says why
)

// Page is one page image of a scanned file.
type Page struct {
	ID        int64
	BatchID   int64
	SHA256    string // hex digest identifying the page's content
	File      string // the file as given, printable
	PageIndex int    // 0-based page within the file
	Angle     float64
	Width     int // of the stored image, after deskew
	Height    int
	Status    PageStatus
	Error     string // one line, for a failed page
	// DPI is the resolution the file gave for the page (0 when it gave
	// none); the stored image is at the resolution the reader works at.
	DPI int
	// Turn is the quarter turn, in degrees clockwise (0, 90, 180, 270),
	// that made the page upright, besides a PDF's own /Rotate.
	Turn int
	// Side is the half of a two-page spread the page is ("left",
	// "right"), or "" for a page scanned alone.
	Side string
}

// PageResult is everything one page produced, stored in one transaction so
// that a crash leaves either all of it or none.
type PageResult struct {
	Page  Page
	Image []byte // the stored page image (after preprocessing), encoded
	// Original is the page as scanned, before cleaning; nil stores none.
	Original *Original
	Record   *Record
	Tasks    []Task
}

// TaskStatus is where a review task stands.
type TaskStatus string

// Task statuses.
const (
	TaskOpen TaskStatus = "open"
	TaskDone TaskStatus = "done"
)

// Task asks a person to look at one field of one record.
type Task struct {
	ID       int64
	RecordID string
	FieldKey string
	Reason   Reason
	Stage    TaskStage // set by the pipeline's policy; "" is StageReview
	Status   TaskStatus
	Created  time.Time
}

// Event is one entry of the append-only audit log.
type Event struct {
	ID       int64
	At       time.Time
	Actor    string // user name, or "civreg" for the pipeline
	Action   string // "page.stored", "page.failed", "field.corrected", …
	RecordID string
	FieldKey string
	Old      string
	New      string
	Note     string
}

// RecordFilter selects records; zero fields select everything.
type RecordFilter struct {
	Status  RecordStatus
	Kind    Kind
	Office  string
	Book    string
	BatchID int64
	// RegisteredFrom and RegisteredTo bound ngayDangKy (ISO, inclusive,
	// compared as text, so "2009" and "2009-12-31" both work).
	RegisteredFrom string
	RegisteredTo   string
}

// ScanStore is what the scan pipeline needs from a store.
type ScanStore interface {
	// CreateBatch stores b and sets b.ID.
	CreateBatch(ctx context.Context, b *Batch) error
	// HasPage reports whether a page with this content hash is stored and
	// done; a failed page is not, so that a rerun tries it again.
	HasPage(ctx context.Context, sha256 string) (bool, error)
	// SavePage stores a page with its image, record, fields, tasks and a
	// "page.stored" event, all or nothing. It returns ECONFLICT if a page
	// with the same hash is stored already, and replaces an earlier failure
	// of the same hash.
	SavePage(ctx context.Context, r *PageResult) error
	// SaveFailure stores a failed page (p.Status = PageFailed, p.Error set)
	// and a "page.failed" event. A page whose hash is unknown (the file
	// could not even be opened) is recorded with an empty hash.
	SaveFailure(ctx context.Context, p *Page) error
	// AcceptFields accepts fields that were waiting for a person, once the
	// rest of their batch bears the readings out. A field is accepted only
	// if it still waits for review and nobody holds or has keyed its task:
	// it becomes auto with the new confidence and note, its task done, its
	// record brought up to date, with a "field.accepted" event. It returns
	// how many were accepted.
	AcceptFields(ctx context.Context, fs []Acceptance) (int, error)
	// FlagFields sends fields the machine had accepted to a person, once
	// the rest of their batch contradicts them: a field still auto gets
	// the reason, the note and an open review task, its record brought up
	// to date, with a "field.flagged" event. It returns how many were
	// flagged.
	FlagFields(ctx context.Context, fs []Flag) (int, error)
}

// Flag is one accepted field sent to a person after its page was stored.
type Flag struct {
	RecordID string
	Key      string
	Reason   Reason
	Note     string // why, in Vietnamese, added to the field's note
}

// Acceptance is one field accepted after its page was stored.
type Acceptance struct {
	RecordID   string
	Key        string
	Confidence float64
	Note       string // why, in Vietnamese, added to the field's note
}

// RecordStore reads records back.
type RecordStore interface {
	// FindRecord returns the record with the given id, or ENOTFOUND.
	FindRecord(ctx context.Context, id string) (*Record, error)
	// EachRecord calls fn for every record matching f, ordered by office,
	// book, page, one at a time, in constant memory. An error from fn stops
	// the walk and is returned.
	EachRecord(ctx context.Context, f RecordFilter, fn func(*Record) error) error
	// PageImage returns the stored image of the page a record was read from.
	PageImage(ctx context.Context, recordID string) ([]byte, error)
}

// Store is a whole civreg store, as cmd/ opens it (an SQLite file on a
// station, or the city's PostgreSQL registry) and hands out its parts to
// the pipeline, the review station and the commands.
type Store interface {
	ScanStore
	RecordStore
	OriginalStore
	UserStore
	ReviewStore
	Searcher
	IssueStore
	KeyStore
	DuplicateStore
	AuditStore
	SigninStore
	EventBatcher
	// Stats counts the pages, records, fields and open tasks of a batch,
	// or of the whole store when batchID is 0. An unknown batch is
	// ENOTFOUND.
	Stats(ctx context.Context, batchID int64) (BatchStats, error)
	// Failures returns the failed pages of a batch, or of the whole store
	// when batchID is 0, by file and page.
	Failures(ctx context.Context, batchID int64) ([]Page, error)
	// Events returns the events of one record, oldest first. With
	// recordID "" it returns the events that belong to no record (failed
	// pages, keys, accounts, sign-ins): not the whole log, which on a
	// registry holds millions of events and is walked with EachLink (the
	// audit chain) instead.
	Events(ctx context.Context, recordID string) ([]Event, error)
	// Users lists every user by name, without password hashes.
	Users(ctx context.Context) ([]User, error)
	// FindOfficeIssuance returns the issuance of office with a copy
	// number, or ENOTFOUND; an empty office matches any, as FindIssuance
	// does (ECONFLICT when several offices issued that number).
	FindOfficeIssuance(ctx context.Context, office, copyNo string) (*Issuance, error)
	// EachIssuance calls fn for every issuance of a record, or of every
	// record when recordID is "", oldest first.
	EachIssuance(ctx context.Context, recordID string, fn func(*Issuance) error) error
	// WarmSearch reads the search index once so that the first searches
	// after a start read memory; it changes nothing.
	WarmSearch(ctx context.Context) error
	// Close releases the store.
	Close() error
}

// BatchStats counts what a batch (or the whole store) holds.
type BatchStats struct {
	PagesDone   int
	PagesFailed int
	Records     int
	// Verified counts the records none of whose fields needs review.
	Verified int
	// Fields counts fields by status.
	Fields map[FieldStatus]int
	// Tasks counts open review tasks by reason.
	Tasks map[Reason]int
}
