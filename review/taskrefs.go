package review

import (
	"sync"

	"github.com/civreg/civreg/registry"
)

// taskRefs remembers which record and field each task shown recently
// belongs to, and to whom it was shown, so that GET /crop/{task} needs no
// store lookup and serves only the person who holds the task.
type taskRefs struct {
	mu   sync.Mutex
	max  int
	refs map[int64]taskRef
	fifo []int64
}

type taskRef struct {
	user     string
	recordID string
	box      registry.Box
}

func newTaskRefs(max int) *taskRefs { return &taskRefs{max: max, refs: map[int64]taskRef{}} }

// remember notes that the task was shown to user.
func (t *taskRefs) remember(user string, tv *registry.TaskView) {
	box := viewBox(tv.Record, tv.FieldKey)
	if box == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.refs[tv.ID]; !ok {
		t.fifo = append(t.fifo, tv.ID)
	}
	t.refs[tv.ID] = taskRef{user: user, recordID: tv.RecordID, box: *box}
	for len(t.fifo) > t.max {
		delete(t.refs, t.fifo[0])
		t.fifo = t.fifo[1:]
	}
}

// get returns the task's reference if it was shown to user.
func (t *taskRefs) get(user string, id int64) (taskRef, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	ref, ok := t.refs[id]
	return ref, ok && ref.user == user
}
