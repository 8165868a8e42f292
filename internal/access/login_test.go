package access_test

import (
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Locked", 0, domain.CountryGB)
		if _, _, err := env.Access.Login(ctx, c.Admin.Email, c.Password, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		for range env.Access.Config().MaxFailsPerUser {
			if _, _, err := env.Access.Login(ctx, c.Admin.Email, "wrong", "192.0.2.1"); !domain.IsCode(err, domain.ErrUnauthenticated) {
				t.Fatalf("wrong password: %v", err)
			}
		}
		if _, _, err := env.Access.Login(ctx, c.Admin.Email, c.Password, "192.0.2.9"); !domain.IsCode(err, domain.ErrRateLimited) {
			t.Fatalf("after failures: %v", err)
		}
		env.Clock.Advance(env.Access.Config().LoginWindow + time.Second)
		tok, _, err := env.Access.Login(ctx, c.Admin.Email, c.Password, "192.0.2.9")
		if err != nil {
			t.Fatal(err)
		}
		a, _, err := env.Access.SessionActor(ctx, tok)
		if err != nil || a.UserID != c.Admin.ID {
			t.Fatalf("session: %+v %v", a, err)
		}
		env.Clock.Advance(env.Access.Config().SessionTTL)
		if _, _, err := env.Access.SessionActor(ctx, tok); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("expired session: %v", err)
		}
		if _, _, err := env.Access.Login(ctx, "nobody@x.example", "whatever", "192.0.2.1"); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("unknown user: %v", err)
		}
	})
}
