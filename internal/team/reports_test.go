package team_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// The team's report: time to port by country and category, and a completed request says how
// long it took.
func TestPortTimes(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	ctx := context.Background()
	c := env.NewCustomer(t, "Timed", 0, domain.CountryGB)
	staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for i, days := range []int{4, 10, 6} {
		env.Clock.Set(start)
		p := env.Submitted(t, c.Actor, "0113 496 077"+strconv.Itoa(i))
		p, _ = env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
		p, _ = env.Team.Schedule(ctx, staff, p.ID, p.Version, env.FOC("GB", 2), true)
		env.Clock.Set(start.Add(time.Duration(days) * 24 * time.Hour))
		p, err := env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusCompleted, "")
		if err != nil {
			t.Fatal(err)
		}
		if want := strconv.Itoa(days) + " days"; portin.Took(p) != want {
			t.Fatalf("took %q, want %q", portin.Took(p), want)
		}
	}
	if _, err := env.Team.PortTimes(ctx, c.Actor); !domain.IsCode(err, domain.ErrForbidden) {
		t.Fatalf("customer report: %v", err)
	}
	rows, err := env.Team.PortTimes(ctx, staff)
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows: %+v %v", rows, err)
	}
	r := rows[0]
	if r.Country != "GB" || r.Category != "geographic" || r.Count != 3 || r.Median != 6*24*time.Hour || r.P90 != 10*24*time.Hour {
		t.Fatalf("row: %+v", r)
	}
	// Ports older than 90 days drop out.
	env.Clock.Set(start.Add(120 * 24 * time.Hour))
	if rows, _ = env.Team.PortTimes(ctx, staff); len(rows) != 0 {
		t.Fatalf("old ports counted: %+v", rows)
	}
}
