package webhooks_test

import (
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/webhooks"
)

func TestNextAttempt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		attempt int
		delay   time.Duration
		ok      bool
	}{
		{-1, 0, false},
		{0, 0, false},
		{1, 5 * time.Second, true},
		{2, 5 * time.Minute, true},
		{3, 30 * time.Minute, true},
		{4, 2 * time.Hour, true},
		{5, 5 * time.Hour, true},
		{6, 10 * time.Hour, true},
		{7, 10 * time.Hour, true},
		{8, 0, false},
		{100, 0, false},
	}
	for _, tt := range tests {
		delay, ok := webhooks.NextAttempt(tt.attempt)
		if delay != tt.delay || ok != tt.ok {
			t.Errorf("NextAttempt(%d) = %v, %v; want %v, %v", tt.attempt, delay, ok, tt.delay, tt.ok)
		}
	}
	if webhooks.MaxAttempts != 8 {
		t.Errorf("MaxAttempts = %d, want 8: the first try and seven retries", webhooks.MaxAttempts)
	}
}
