package team_test

import (
	"context"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
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
