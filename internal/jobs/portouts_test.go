package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
	"github.com/portdesk/portdesk/internal/portout"
	"github.com/portdesk/portdesk/internal/team"
)

// The port-out's creation inserts its notice email and its auto-authorization job in one
// transaction; River emails the account's admin and, at the due time, authorizes it.
func TestPortOutJobsRun(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		srv := smtptest.Start(t)
		m, err := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
		if err != nil {
			t.Fatal(err)
		}
		env.UseMailer(t, m)
		// River schedules on the wall clock: create the port-out a week back, so its
		// auto-authorization (1 business day) is due already by both clocks.
		now := time.Now().UTC()
		env.Clock.Set(now.Add(-7 * 24 * time.Hour))
		c := env.NewCustomer(t, "Moving", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		if _, err := env.Team.AddInventoryNumber(ctx, staff, team.InventoryInput{AccountID: c.Account.ID, Number: "0113 496 0801"}); err != nil {
			t.Fatal(err)
		}
		// Silence authorizes only a request that proved something: the name on file here.
		days, name := 1, "Moving Ltd"
		if _, err := env.PortOuts.UpdateSettings(ctx, c.Actor, c.Account.ID, portout.SettingsChanges{AutoAuthorizeDays: &days, RecordName: &name}); err != nil {
			t.Fatal(err)
		}
		p, err := env.PortOuts.Create(ctx, staff, portout.Input{AccountID: c.Account.ID, GainingProvider: "BT", EndUserName: "Moving Limited", Numbers: []string{"0113 496 0801"}}, nil)
		if err != nil || p.AutoAuthorizeAt == nil {
			t.Fatalf("%+v %v", p, err)
		}
		env.Clock.Set(now)
		rctx := startRunner(t, env)
		for {
			v, err := env.PortOuts.Get(ctx, staff, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v.Status == domain.PortOutAuthorized {
				break
			}
			if rctx.Err() != nil {
				t.Fatal("the port-out was not auto-authorized by its job in time")
			}
			time.Sleep(100 * time.Millisecond)
		}
		// The notice and the authorization, each to the admin once.
		got := srv.Wait(2, 30*time.Second)
		if len(got) != 2 || got[0].To[0] != c.Admin.Email || got[1].To[0] != c.Admin.Email {
			t.Fatalf("emails: %+v", got)
		}
	})
}
