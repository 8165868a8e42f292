package portin

import (
	"testing"
	"time"
)

func TestTook(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{49 * time.Hour: "2 days 1 hour", 3 * time.Hour: "3 hours", 48 * time.Hour: "2 days", time.Hour: "1 hour"} {
		if got := took(d); got != want {
			t.Errorf("took(%s) = %q, want %q", d, got, want)
		}
	}
}
