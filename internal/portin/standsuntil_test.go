package portin

import (
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// TestStandsUntil: a plan stands until the next minute, or until the first of its carriers'
// answers ages out, if sooner.
func TestStandsUntil(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 6, 14, 59, 30, 500, time.UTC)
	answer := func(asked time.Time) domain.Check {
		return domain.Check{E164: "+12025550100", Carrier: &domain.CarrierAnswer{AskedAt: asked}}
	}
	for _, tc := range []struct {
		name   string
		checks []domain.Check
		want   time.Time
	}{
		{"no checks", nil, time.Date(2026, 12, 6, 15, 0, 0, 0, time.UTC)},
		{"no carrier answers", []domain.Check{{E164: "+441134960000"}}, time.Date(2026, 12, 6, 15, 0, 0, 0, time.UTC)},
		{"an answer that ages out later", []domain.Check{answer(now.Add(-time.Hour))}, time.Date(2026, 12, 6, 15, 0, 0, 0, time.UTC)},
		{"an answer aging out within the minute", []domain.Check{{E164: "+441134960000"}, answer(now.Add(10*time.Second - domain.CarrierFactsFor)),
			answer(now.Add(20*time.Second - domain.CarrierFactsFor))}, now.Add(10 * time.Second)},
	} {
		if got := standsUntil(tc.checks, now); !got.Equal(tc.want) {
			t.Errorf("%s: until %v, want %v", tc.name, got, tc.want)
		}
	}
}
