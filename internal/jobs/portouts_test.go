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
		start := aheadOfWall(env)
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
		if err != nil || p.AutoAuthorizeAt == nil || !p.AutoAuthorizeAt.After(start) {
			t.Fatalf("%+v %v", p, err)
		}
		// Its deadline (1 business day) passes by the clock River runs on.
		env.Clock.Set(p.AutoAuthorizeAt.Add(time.Minute))
		r := startRunner(t, env)
		desktest.Eventually(t, 30*time.Second, "the port-out auto-authorized by its job", func() bool {
			v, err := env.PortOuts.Get(ctx, staff, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			return v.Status == domain.PortOutAuthorized
		})
		// The notice and the authorization, each to the admin once: the authorization's email
		// job was inserted with it, so once River has completed every email job, all are here.
		desktest.Eventually(t, 30*time.Second, "every email job completed", func() bool { return r.done(t, domain.JobSendEventEmail) })
		if got := srv.Messages(); len(got) != 2 || got[0].To[0] != c.Admin.Email || got[1].To[0] != c.Admin.Email {
			t.Fatalf("emails: %+v", got)
		}
	})
}
