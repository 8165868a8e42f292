package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
)

// TestAccessLinkJobRuns: an invitation and a password reset each insert their email job in
// their own transaction; River sends them over a real SMTP server, and the links work.
func TestAccessLinkJobRuns(t *testing.T) {
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
		aheadOfWall(env)
		c := env.NewCustomer(t, "Links Co", 0, domain.CountryGB)
		if _, err := env.Access.Invite(ctx, c.Actor, c.Account.ID, access.Invitation{Email: "joiner@links.example"}); err != nil {
			t.Fatal(err)
		}
		if err := env.Access.RequestPasswordReset(ctx, c.Admin.Email, "192.0.2.10"); err != nil {
			t.Fatal(err)
		}
		r := startRunner(t, env)
		desktest.Eventually(t, 30*time.Second, "every access-link job completed", func() bool { return r.done(t, domain.JobSendAccessLink) })
		got := srv.Messages()
		if len(got) != 2 {
			t.Fatalf("%d emails, want 2", len(got))
		}
		tokens := map[string]string{}
		for _, m := range got {
			tokens[m.To[0]] = desktest.LinkToken(t, m)
		}
		if _, err := env.Access.AcceptInvitation(ctx, tokens["joiner@links.example"], "Joiner", "a phrase of my very own"); err != nil {
			t.Fatalf("accept: %v", err)
		}
		if err := env.Access.ResetPassword(ctx, tokens[c.Admin.Email], "another phrase of mine"); err != nil {
			t.Fatalf("reset: %v", err)
		}
	})
}
