package portin

import (
	"context"

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
