package jobs

import (
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/portdesk/portdesk/internal/domain"
)

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

// A failed webhook is tried again on the Standard Webhooks schedule, counted from the runner's
// clock: the clock a test moves is the one that makes the retry due.
func TestWebhookRetryFollowsTheClock(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	w := &webhookWorker{clock: fixedClock(at)}
	for _, tc := range []struct {
		attempt int
		wait    time.Duration
	}{
		{1, 5 * time.Second},
		{2, 5 * time.Minute},
		{3, 30 * time.Minute},
		{4, 2 * time.Hour},
		{5, 5 * time.Hour},
		{6, 10 * time.Hour},
		{7, 10 * time.Hour},
		{8, 10 * time.Hour}, // past the schedule: River discards it at MaxAttempts anyway
	} {
		if got := w.retryAt(tc.attempt); !got.Equal(at.Add(tc.wait)) {
			t.Errorf("after attempt %d: retry at %s, want %s", tc.attempt, got, at.Add(tc.wait))
		}
	}
}

// Without a clock of the test's the runner keeps the wall clock, as in production.
func TestWebhookRetryOnTheWallClock(t *testing.T) {
	t.Parallel()
	w := &webhookWorker{clock: domain.SystemClock{}}
	before := time.Now()
	got := w.retryAt(1)
	if got.Before(before.Add(5*time.Second)) || got.After(time.Now().Add(5*time.Second)) {
		t.Fatalf("retry at %s, want 5 s after %s", got, before)
	}
}

// Any other failed job is retried on River's backoff (attempt⁴ seconds, with jitter), counted
// from the runner's clock rather than from time.Now as River's own policy would.
func TestRetryPolicyFollowsTheClock(t *testing.T) {
	t.Parallel()
	at := time.Now().Add(24 * time.Hour)
	p := clockRetryPolicy{fixedClock(at)}
	for _, tc := range []struct {
		errors int
		around time.Duration
	}{{0, time.Second}, {1, 16 * time.Second}, {2, 81 * time.Second}} {
		j := &rivertype.JobRow{Attempt: tc.errors + 1, Errors: make([]rivertype.AttemptError, tc.errors)}
		got := p.NextRetry(j).Sub(at)
		if got < tc.around*8/10 || got > tc.around*12/10 {
			t.Errorf("after %d earlier errors: retry %s after the clock, want about %s", tc.errors, got, tc.around)
		}
	}
}
