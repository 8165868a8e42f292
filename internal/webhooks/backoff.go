package webhooks

import "time"

// schedule is the wait before each retry, as Standard Webhooks recommends: about a day in all.
var schedule = []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour}

// MaxAttempts is the first try and its retries.
var MaxAttempts = len(schedule) + 1

// NextAttempt is the wait after failed attempt n (1 for the first try), or false after the last.
func NextAttempt(attempt int) (time.Duration, bool) {
	if attempt < 1 || attempt > len(schedule) {
		return 0, false
	}
	return schedule[attempt-1], true
}
