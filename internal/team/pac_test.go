package team_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/team"
)

// A UK mobile order's package carries its PAC, which authorises it, and no letter.
func TestMobileOrderPackageCarriesThePAC(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		srv := smtptest.Start(t)
		m, _ := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
		env.UseMailer(t, m)
		c := env.NewCustomer(t, "Mobiles", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		carrier, err := env.Team.SaveCarrier(ctx, staff, 0, team.CarrierInput{Name: "Mobile desk", Email: "porting@mobile.example"})
		if err != nil {
			t.Fatal(err)
		}
		p := env.Submitted(t, c.Actor, "07912 345678")
		if p, err = env.Team.SendToCarrier(ctx, staff, p.ID, p.Version, carrier.ID); err != nil {
			t.Fatal(err)
		}
		sent := env.LastEvent(t, p.ID, domain.EventSentToCarrier)
		if err := env.Team.SendOrderPackage(ctx, domain.SendToCarrierArgs{EventID: sent.ID, CarrierID: carrier.ID}); err != nil {
			t.Fatal(err)
		}
		got := srv.Messages()
		if len(got) != 1 {
			t.Fatalf("carrier emails: %d", len(got))
		}
		text, _ := got[0].Text()
		want := "PAC (UK mobiles): ABC123456, valid until " + env.Clock.Now().AddDate(0, 0, 30).Format("Monday 2 January 2006")
		if !strings.Contains(text, want) {
			t.Errorf("the order does not say %q:\n%s", want, text)
		}
		for name := range attachments(t, got[0]) {
			if strings.HasPrefix(name, "loa-") {
				t.Errorf("a letter for a mobile order: %s", name)
			}
		}
	})
}

// A losing provider that refuses the PAC sends the request back with a fix that says how to
// get a new one, and the refused PAC is gone: resubmitting needs a new code, not the same
// one again. A request without a PAC cannot be refused for one.
func TestRefusedPACMustBeReplaced(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		c := env.NewCustomer(t, "Mobiles", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		landline := env.Submitted(t, c.Actor, "0113 496 0123")
		_, err := env.Team.RequestFix(ctx, staff, landline.ID, landline.Version, []domain.Rejection{{Code: domain.RejectPAC}}, "")
		if !domain.IsCode(err, domain.ErrInvalid) || !slices.Equal(desktest.FieldsOf(err), []string{"rejections[0].code"}) {
			t.Fatalf("a PAC refused on a landline request: %v", err)
		}

		p := env.Submitted(t, c.Actor, "07912 345678")
		p, err = env.Team.RequestFix(ctx, staff, p.ID, p.Version, []domain.Rejection{{Code: domain.RejectPAC, Note: "EE: PAC not recognised."}}, "")
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != domain.StatusActionRequired || !strings.Contains(p.StatusReason, "Text PAC to 65075") || !strings.Contains(p.StatusReason, "EE: PAC not recognised.") {
			t.Fatalf("sent back: %s %q", p.Status, p.StatusReason)
		}
		v, err := env.PortIns.Get(ctx, c.Actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.PAC != nil {
			t.Fatalf("the refused PAC is still there: %+v", v.PAC)
		}
		if _, err := env.PortIns.Submit(ctx, c.Actor, p.ID, v.Version); !domain.IsCode(err, domain.ErrIncomplete) || !slices.Contains(desktest.FieldsOf(err), "pac") {
			t.Fatalf("resubmit without a new PAC: %v", err)
		}
		if p, err = env.PortIns.Update(ctx, c.Actor, p.ID, v.Version, portin.Changes{PAC: &portin.PACInput{Code: "XYZ987654", ExpiresOn: env.PACExpiry(30)}}); err != nil {
			t.Fatal(err)
		}
		if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, p.Version); err != nil || p.Status != domain.StatusSubmitted {
			t.Fatalf("resubmit with a new PAC: %v", err)
		}
	})
}
