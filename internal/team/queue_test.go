package team_test

import (
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// The overdue filter reads a bound from the database and Queue refines it: a request Queue
// calls overdue must never fall outside the bound, whatever the day, the hour, the country's
// holidays or its time zone; and the bound must not let in much more than it needs to.
func TestOverdueCutHoldsEveryOverdueRequest(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, "sqlite")
	countries := []domain.Country{domain.CountryGB, domain.CountryUS, domain.CountryCA}
	start := time.Date(2026, 12, 14, 0, 0, 0, 0, time.UTC) // through Christmas and New Year
	flagged, within, needless := 0, 0, 0
	for h := 0; h < 24*30; h += 7 {
		now := start.Add(time.Duration(h) * time.Hour)
		env.Clock.Set(now)
		cut := env.Team.OverdueCut()
		for back := 0; back < 24*20; back += 5 {
			submitted := now.Add(-time.Duration(back) * time.Hour)
			for _, c := range countries {
				p := domain.PortIn{Status: domain.StatusSubmitted, SubmittedAt: &submitted}
				overdue := env.Team.Queue(p, c).Overdue != ""
				in := submitted.Before(cut.SubmittedBefore)
				if overdue {
					flagged++
				}
				if in {
					within++
					if !overdue {
						needless++
					}
				}
				if overdue && !in {
					t.Fatalf("now %s, %s: submitted %s is overdue but not before the cut %s", now, c, submitted, cut.SubmittedBefore)
				}
			}
		}
		foc := now.Add(-61 * time.Minute)
		p := domain.PortIn{Status: domain.StatusScheduled, SubmittedAt: &foc, FOC: &foc}
		if env.Team.Queue(p, domain.CountryGB).Overdue == "" || !foc.Before(cut.FOCBefore) {
			t.Fatalf("a FOC passed an hour and a minute ago: overdue %v, before the cut %v", env.Team.Queue(p, domain.CountryGB).Overdue != "", foc.Before(cut.FOCBefore))
		}
	}
	if flagged == 0 {
		t.Fatal("nothing was overdue: the test proves nothing")
	}
	// What the bound lets in beyond the overdue is dropped from a page by Queue; it should be
	// the edges (a day either side, holidays), not most of it.
	if needless*3 > within {
		t.Errorf("the cut lets in %d requests that are not overdue of %d", needless, within)
	}
}
