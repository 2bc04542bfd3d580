package review

import (
	"net/http"
	"sort"

	"github.com/civreg/civreg/registry"
)

// progressPage shows the queue and the work done, for a supervisor.
type progressPage struct {
	Layout
	Reasons   []Choice
	Stages    []Choice
	Open      int
	Leased    int
	Reviewers []reviewerRow
	Batches   []batchRow
}

type reviewerRow struct {
	User                   string
	Today, LastHour, Total int
	Last                   string
}

type batchRow struct {
	ID                      int64
	Office, Book, Started   string
	Records, Verified, Open int
	Percent                 int
}

// handleProgress shows the queue by reason and stage, throughput per
// reviewer and completion per batch.
func (s *Server) handleProgress(w http.ResponseWriter, r *http.Request) {
	pr, err := s.cfg.Review.Progress(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := progressPage{Layout: layout(r, "Tiến độ", "progress"), Leased: pr.Leased}
	for rs, n := range pr.OpenByReason {
		p.Reasons, p.Open = append(p.Reasons, Choice{Value: string(rs), Text: reasonText(rs), Count: n}), p.Open+n
	}
	sort.Slice(p.Reasons, func(i, j int) bool {
		return p.Reasons[i].Count > p.Reasons[j].Count || p.Reasons[i].Count == p.Reasons[j].Count && p.Reasons[i].Value < p.Reasons[j].Value
	})
	for _, st := range []registry.TaskStage{registry.StageReview, registry.StageEntry1, registry.StageEntry2, registry.StageArbitrate} {
		p.Stages = append(p.Stages, Choice{Value: string(st), Text: stageText(st), Count: pr.OpenByStage[st]})
	}
	for _, rv := range pr.Reviewers {
		row := reviewerRow{User: rv.User, Today: rv.Today, LastHour: rv.LastHour, Total: rv.Total}
		if !rv.LastEvent.IsZero() {
			row.Last = rv.LastEvent.In(s.loc()).Format("02/01 15:04")
		}
		p.Reviewers = append(p.Reviewers, row)
	}
	for _, b := range pr.Batches {
		row := batchRow{ID: b.Batch.ID, Office: b.Batch.Office, Book: b.Batch.Book, Records: b.Records, Verified: b.Verified, Open: b.Open}
		row.Started = b.Batch.Started.In(s.loc()).Format("02/01/2006")
		if b.Records > 0 {
			row.Percent = b.Verified * 100 / b.Records
		}
		p.Batches = append(p.Batches, row)
	}
	s.render(w, r, http.StatusOK, "progress", p)
}
