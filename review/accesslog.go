package review

import (
	"context"
	"sync"
	"time"

	"github.com/civreg/civreg/registry"
)

// lookAgain is how long a person's repeated looks at one record (its page,
// its crops, its history) count as one look.
const lookAgain = 10 * time.Minute

// accessLog records who looked at what — a record's page, crops or
// history, and every search — as events. A request only queues its event:
// one goroutine writes what is queued, all of it in one transaction, so
// that looking is not slowed by the log and a burst costs one commit.
type accessLog struct {
	store registry.EventBatcher
	now   func() time.Time
	onErr func(error)

	mu     sync.Mutex
	seen   map[string]time.Time // user, record and what → last logged
	closed bool
	queue  chan registry.Event
	done   chan struct{}
}

func newAccessLog(store registry.EventBatcher, now func() time.Time, onErr func(error)) *accessLog {
	l := &accessLog{store: store, now: now, onErr: onErr, seen: map[string]time.Time{},
		queue: make(chan registry.Event, 4096), done: make(chan struct{})}
	go l.write()
	return l
}

// look logs that user looked at what of a record, unless they did within
// lookAgain.
func (l *accessLog) look(user, recordID, what string) {
	now := l.now()
	key := user + "\x00" + recordID + "\x00" + what
	l.mu.Lock()
	if t, ok := l.seen[key]; ok && now.Sub(t) < lookAgain {
		l.mu.Unlock()
		return
	}
	if len(l.seen) > 50000 {
		clear(l.seen)
	}
	l.seen[key] = now
	l.mu.Unlock()
	l.add(registry.Event{At: now, Actor: user, Action: "record.viewed", RecordID: recordID, Note: what})
}

// add queues an event; it waits only when the writer is far behind.
func (l *accessLog) add(e registry.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.closed {
		l.queue <- e
	}
}

// write writes whatever is queued, in one batch, until the log is closed.
func (l *accessLog) write() {
	defer close(l.done)
	for e := range l.queue {
		batch := []registry.Event{e}
	more:
		for len(batch) < 512 {
			select {
			case e, ok := <-l.queue:
				if !ok {
					break more
				}
				batch = append(batch, e)
			default:
				break more
			}
		}
		if err := l.store.LogEvents(context.Background(), batch); err != nil {
			l.onErr(err)
		}
	}
}

// close writes what is queued and stops the writer.
func (l *accessLog) close() {
	l.mu.Lock()
	if !l.closed {
		l.closed = true
		close(l.queue)
	}
	l.mu.Unlock()
	<-l.done
}
