package portin_test

import (
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// Each item of "Still needed" is listed once: two letters from one provider (a landline and a
// freephone order from BT) are told apart, and a desired date that has passed is one item, not
// also a lead-time problem.
func TestChecklistNeverListsAnItemTwice(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Twice Co", 0, domain.CountryGB)
	p, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0331"}, {Number: "0800 123 4567"}}})
	if err != nil {
		t.Fatal(err)
	}
	ch := desktest.Complete()
	desired := env.FOC("GB", 30).Format(time.DateOnly)
	ch.DesiredDate = &desired
	if _, err = env.PortIns.Update(ctx, c.Actor, p.ID, p.Version, ch); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(60 * 24 * time.Hour) // the desired date has passed
	v, err := env.PortIns.Get(ctx, c.Actor, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	fields := map[string]int{}
	for _, m := range v.Missing {
		if seen[m.Message] {
			t.Errorf("listed twice: %q", m.Message)
		}
		seen[m.Message] = true
		fields[m.Field]++
	}
	if fields["loa_signature"] != 2 || fields["desired_date"] != 1 || !seen["Sign the letter of authorisation for the UK non-geographic order from British Telecommunications plc (or upload it signed on your letterhead)."] {
		t.Fatalf("still needed: %+v", v.Missing)
	}
}
