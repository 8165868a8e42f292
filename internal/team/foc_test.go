package team_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// The FOC of a US toll-free order of a GB account is on the US calendar and in New York
// time, and one before the quoted earliest date needs the agent's confirmation.
func TestFOCFollowsTheOrdersCountry(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		in := desktest.Complete()
		btn := "(201) 555-0234"
		in.BTN, in.LosingProvider = &btn, &[]string{"Verizon"}[0]
		in.BillingAddress = &domain.Address{Line1: "1 Main St", City: "Newark", Region: "NJ", Postcode: "07102", Country: "US"}
		in.Numbers = []portin.NumberInput{{Number: "+1 800 234 5678"}}
		p, err := env.PortIns.Create(ctx, c.Actor, in)
		if err != nil {
			t.Fatal(err)
		}
		env.Paperwork(t, c.Actor, p.ID)
		v, _ := env.PortIns.Get(ctx, c.Actor, p.ID)
		if v.Country != domain.CountryUS {
			t.Fatalf("request country %s", v.Country)
		}
		// Submitted Monday 23 Nov 2026: a RespOrg change of 3 working days (Thanksgiving on
		// the 26th), so the earliest date quoted is Friday 27 Nov.
		if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, v.Version); err != nil {
			t.Fatal(err)
		}
		if p, err = env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, ""); err != nil {
			t.Fatal(err)
		}
		ny, _ := time.LoadLocation("America/New_York")
		at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, ny) }
		for _, tc := range []struct {
			name    string
			foc     time.Time
			confirm bool
			code    string // the field error's code, or "" when the FOC is taken
			when    string // how the event shows it
		}{
			{"Thanksgiving is no US business day", at(2026, 11, 26, 10), true, "not_business_day", ""},
			{"before the quoted earliest date", at(2026, 11, 25, 10), false, "before_earliest", ""},
			{"Martin Luther King Day", at(2027, 1, 18, 10), true, "not_business_day", ""},
			{"before the earliest, confirmed", at(2026, 11, 25, 10), true, "", "Wednesday 25 November 2026 at 10:00 EST"},
			// Boxing Day observed is an English holiday, not an American one.
			{"28 December is a US business day", at(2026, 12, 28, 10), false, "", "Monday 28 December 2026 at 10:00 EST"},
			{"the earliest date itself needs no confirmation", at(2026, 11, 27, 9), false, "", "Friday 27 November 2026 at 09:00 EST"},
		} {
			got, err := env.Team.Schedule(ctx, staff, p.ID, p.Version, tc.foc, tc.confirm)
			if tc.code != "" {
				var e *domain.Error
				if !errors.As(err, &e) || e.Code != domain.ErrInvalid || !slices.ContainsFunc(e.Fields, func(f domain.FieldError) bool { return f.Code == tc.code }) {
					t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
				}
				continue
			}
			if err != nil || !got.FOC.Equal(tc.foc) {
				t.Errorf("%s: %v", tc.name, err)
				continue
			}
			p = got
			es, err := env.Store.Events(ctx, domain.PortInSubject(p.ID))
			if err != nil {
				t.Fatal(err)
			}
			if last := es[len(es)-1]; !strings.Contains(last.Detail, tc.when) {
				t.Errorf("%s: event %q lacks %q", tc.name, last.Detail, tc.when)
			}
		}
	})
}
