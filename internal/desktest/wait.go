package desktest

import (
	"testing"
	"time"
)

// pollEvery is how often Poll looks again: short against the work it waits for (a job, a
// server, a watcher), long enough not to busy the machine.
const pollEvery = 25 * time.Millisecond

// Poll looks at cond until it holds, and says whether it did within timeout. It is for a
// condition that other work makes true: a test waits for that, never for a fixed time.
func Poll(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(pollEvery)
	}
}

// Eventually waits, as Poll does, for cond, and fails the test with what it waited for if
// cond does not hold within timeout.
func Eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	if !Poll(timeout, cond) {
		t.Fatalf("not within %s: %s", timeout, what)
	}
}
