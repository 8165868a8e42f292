package portin_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portability"
	"github.com/portdesk/portdesk/internal/portin"
)

// fieldCodes maps each field a domain error names to its code.
func fieldCodes(t *testing.T, err error) map[string]string {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("not a domain error: %v", err)
	}
	out := map[string]string{}
	for _, f := range de.Fields {
		out[f.Field] = f.Code
	}
	return out
}

// mobileDraft is a complete request of UK mobiles alone: without the losing provider's
// address or a line type, which only landline orders carry.
func mobileDraft(t *testing.T, env *desktest.Env, a domain.Actor, numbers ...string) domain.PortIn {
	t.Helper()
	c := desktest.Complete()
	c.LosingProviderAddress, c.LineType = nil, nil
	for _, n := range numbers {
		c.Numbers = append(c.Numbers, portin.NumberInput{Number: n})
	}
	p, err := env.PortIns.Create(ctx, a, c)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A request of UK mobiles ports on a PAC: no letter, no bill, none of a landline's details;
// submit refuses it until a PAC is there and in date, naming the field; the PAC is checked
// as it is entered and kept upper-case.
func TestMobileRequestSubmitsOnAPAC(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Mobiles", 0, domain.CountryGB)
		p := mobileDraft(t, env, c.Actor, "07912 345678", "07400 123456")

		v, err := env.PortIns.Get(ctx, c.Actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		missing := fieldNames(v.Missing)
		if !slices.Equal(missing, []string{"pac"}) {
			t.Fatalf("missing: %v, want only the PAC (no letter, bill, address or line type)", v.Missing)
		}
		if !v.Paperwork.NeedsPAC || len(v.Paperwork.Letters) != 0 || v.PAC != nil {
			t.Fatalf("paperwork: %+v", v.Paperwork)
		}
		if o := v.Plan.Plan.Orders; len(o) != 1 || o[0].Key != portability.PACOrderKey || o[0].LeadTime.WorkingDays != 1 {
			t.Fatalf("orders: %+v", o)
		}
		_, err = env.PortIns.Submit(ctx, c.Actor, p.ID, v.Version)
		if !domain.IsCode(err, domain.ErrIncomplete) || fieldCodes(t, err)["pac"] != "required" {
			t.Fatalf("submit without a PAC: %v", err)
		}

		for _, tc := range []struct {
			name, code, expires string
			field, want         string
		}{
			{"two letters", "AB1234567", env.PACExpiry(10), "pac.code", "invalid"},
			{"five digits", "ABC12345", env.PACExpiry(10), "pac.code", "invalid"},
			{"control character", "ABC\x00123456", env.PACExpiry(10), "pac.code", "invalid"},
			{"no date", "ABC123456", "", "pac.expires_on", "required"},
			{"not a date", "ABC123456", "31/12/2026", "pac.expires_on", "invalid"},
			{"expired", "ABC123456", env.PACExpiry(-1), "pac.expires_on", "expired"},
			{"longer than a PAC lasts", "ABC123456", env.PACExpiry(domain.PACValidDays + 1), "pac.expires_on", "invalid"},
		} {
			_, err := env.PortIns.Update(ctx, c.Actor, p.ID, v.Version, portin.Changes{PAC: &portin.PACInput{Code: tc.code, ExpiresOn: tc.expires}})
			if !domain.IsCode(err, domain.ErrInvalid) || fieldCodes(t, err)[tc.field] != tc.want {
				t.Errorf("%s: %v, want %s %s", tc.name, err, tc.field, tc.want)
			}
		}

		// Today is the PAC's last day: it can be entered, and tomorrow submit refuses it.
		p, err = env.PortIns.Update(ctx, c.Actor, p.ID, v.Version, portin.Changes{PAC: &portin.PACInput{Code: " abc 123456 ", ExpiresOn: env.PACExpiry(0)}})
		if err != nil {
			t.Fatal(err)
		}
		if v, _ = env.PortIns.Get(ctx, c.Actor, p.ID); v.PAC == nil || v.PAC.Code != "ABC123456" || v.PAC.EnteredBy != c.Admin.ID || len(v.Missing) != 0 {
			t.Fatalf("after entering the PAC: %+v, missing %+v", v.PAC, v.Missing)
		}
		env.Clock.Advance(24 * time.Hour)
		_, err = env.PortIns.Submit(ctx, c.Actor, p.ID, p.Version)
		if !domain.IsCode(err, domain.ErrIncomplete) || fieldCodes(t, err)["pac.expires_on"] != "expired" {
			t.Fatalf("submit with an expired PAC: %v", err)
		}

		// A new PAC: the request goes without a letter or a bill.
		if p, err = env.PortIns.Update(ctx, c.Actor, p.ID, p.Version, portin.Changes{PAC: &portin.PACInput{Code: "XYZ987654", ExpiresOn: env.PACExpiry(30)}}); err != nil {
			t.Fatal(err)
		}
		if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, p.Version); err != nil {
			t.Fatal(err)
		}
		v, _ = env.PortIns.Get(ctx, c.Actor, p.ID)
		if p.Status != domain.StatusSubmitted || v.PAC.Code != "XYZ987654" {
			t.Fatalf("after submit: %s, PAC %+v", p.Status, v.PAC)
		}
		docs, _ := env.Store.Documents(ctx, []int64{p.ID})
		sigs, _ := env.Store.LOASignatures(ctx, []int64{p.ID})
		if len(docs) != 0 || len(sigs) != 0 {
			t.Fatalf("documents %+v, signatures %+v", docs, sigs)
		}
		// The timeline says the PAC changed, never what it is: it could port the numbers away.
		evs, _ := env.PortIns.Events(ctx, c.Actor, p.ID)
		changed := 0
		for _, e := range evs {
			if strings.Contains(e.Detail, "ABC123456") || strings.Contains(e.Detail, "XYZ987654") {
				t.Fatalf("the timeline shows the PAC: %q", e.Detail)
			}
			if e.Type == domain.EventUpdated && strings.Contains(e.Detail, "PAC") {
				changed++
			}
		}
		if changed != 2 {
			t.Fatalf("%d PAC changes in the timeline, want 2", changed)
		}
	})
}

// Landlines and mobiles of one request are two orders: the landlines' letter and bill, the
// mobiles' PAC. Submitted, they split; the mobile order reads the PAC entered on the request
// and needs no paperwork of its own. A request without mobiles has no use for a PAC.
func TestMixedRequestSplitsTheMobileOrder(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Mixed", 0, domain.CountryGB)
		in := desktest.Complete()
		in.Numbers = []portin.NumberInput{{Number: "0113 496 0001"}, {Number: "07912 345678"}}
		p, err := env.PortIns.Create(ctx, c.Actor, in)
		if err != nil {
			t.Fatal(err)
		}
		pw, err := env.PortIns.Paperwork(ctx, c.Actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(pw.Letters) != 1 || pw.Letters[0].Order.LOAType != domain.LOAUKGeographic || !pw.NeedsPAC {
			t.Fatalf("paperwork: %+v", pw)
		}
		if got := fieldNames(pw.Missing); !slices.Equal(got, []string{"loa_signature", "documents.bill", "pac"}) {
			t.Fatalf("paperwork missing: %v", got)
		}
		env.Paperwork(t, c.Actor, p.ID)
		v, _ := env.PortIns.Get(ctx, c.Actor, p.ID)
		if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, v.Version); err != nil {
			t.Fatal(err)
		}
		rp, err := env.PortIns.Plan(ctx, c.Actor, p.ID)
		if err != nil || p.Status != domain.StatusSplit || len(rp.Children) != 2 {
			t.Fatalf("split: %v %s %+v", err, p.Status, rp.Children)
		}
		for _, ch := range rp.Children {
			cv, err := env.PortIns.Get(ctx, c.Actor, ch.ID)
			if err != nil {
				t.Fatal(err)
			}
			cpw, err := env.PortIns.Paperwork(ctx, c.Actor, ch.ID)
			if err != nil {
				t.Fatal(err)
			}
			mobile := cv.Numbers[0].Number == "+447912345678"
			switch {
			case mobile && (cv.PAC == nil || cv.PAC.Code != "ABC123456" || len(cpw.Letters) != 0 || len(cpw.Missing) != 0):
				t.Fatalf("mobile order: PAC %+v, paperwork %+v", cv.PAC, cpw)
			case !mobile && (cpw.NeedsPAC || len(cpw.Letters) != 1 || cpw.Letters[0].Signature == nil):
				t.Fatalf("landline order: %+v", cpw)
			}
		}

		land := env.NewCustomer(t, "Landlines", 0, domain.CountryGB)
		q, err := env.PortIns.Create(ctx, land.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0002"}}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = env.PortIns.Update(ctx, land.Actor, q.ID, q.Version, portin.Changes{PAC: &portin.PACInput{Code: "ABC123456", ExpiresOn: env.PACExpiry(5)}})
		if !domain.IsCode(err, domain.ErrInvalid) || fieldCodes(t, err)["pac"] != "no_mobile_numbers" {
			t.Fatalf("a PAC on landlines: %v", err)
		}
	})
}
