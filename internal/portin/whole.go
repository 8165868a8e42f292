package portin

import (
	"context"

	"github.com/portdesk/portdesk/internal/domain"

	"golang.org/x/sync/semaphore"
)

// smallRequest is the most numbers a request may have to be read whole without waiting:
// reading it costs little next to the bound.
const smallRequest = 1000

// wholeReads bounds the numbers held at once by reads that need all of a request's numbers
// (its plan, letters and country), across every reader of the process: eight readers of a
// 100,000-number request take turns instead of holding eight copies. Its room is the most
// numbers one request may hold, so the largest request can always be read.
type wholeReads struct {
	sem  *semaphore.Weighted
	room int64
}

func newWholeReads(maxRows int) wholeReads {
	return wholeReads{sem: semaphore.NewWeighted(int64(maxRows)), room: int64(maxRows)}
}

// whole runs fn, which reads all of a request of count numbers, once there is room for them.
// fn must not itself wait for room.
func (s *Service) whole(ctx context.Context, count int, fn func() error) error {
	if count <= smallRequest {
		return fn()
	}
	w := min(int64(count), s.wholeReads.room)
	if err := s.wholeReads.sem.Acquire(ctx, w); err != nil {
		return err
	}
	defer s.wholeReads.sem.Release(w)
	return fn()
}

// allNumbers reads every number of a request that holds count of them, a batch at a time
// into one slice of that size: read in one go, the slice would be grown and copied
// over and over on the way to 100,000.
func allNumbers(ctx context.Context, q domain.Queries, id int64, count int) ([]domain.PortNumber, error) {
	const batch = 5000
	ns := make([]domain.PortNumber, 0, count)
	after := ""
	for {
		page, err := q.PortInNumbersPage(ctx, id, domain.NumberPageFilter{After: after, Limit: batch})
		if err != nil {
			return nil, err
		}
		ns = append(ns, page...)
		if len(page) < batch {
			return ns, nil
		}
		after = page[len(page)-1].Number
	}
}
