package storetest

import (
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// testSignInMoments: a sign-in's read tells the moment it was read at (domain.Moment), for
// the team and for customers alike; two reads with nothing committed between tell the same
// one, and a write committed after it, in a transaction or not, on any part of the
// database, gives the next read another. The API keeps a team member's read of a request
// under that moment: a commit left unseen would keep it stale, and a moment that never
// comes again would keep nothing.
func testSignInMoments(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "Moment Co", 0)
	staff := domain.User{Staff: true, Role: domain.RoleAgent, Email: "moment-agent@op.example", Name: "Agent", PasswordHash: "h", CreatedAt: t0}
	must(t, s.CreateUser(ctx, &staff))
	must(t, s.CreateAPIToken(ctx, &domain.APIToken{UserID: staff.ID, Name: "desk", Prefix: "pdt_mom", Hash: []byte("moment-staff"), CreatedAt: t0}))
	u := domain.User{AccountID: acc.ID, Role: domain.RoleAdmin, Email: "moment@x.example", PasswordHash: "h", CreatedAt: t0}
	must(t, s.CreateUser(ctx, &u))
	must(t, s.CreateSession(ctx, domain.Session{TokenHash: []byte("moment-session"), UserID: u.ID, CSRFToken: "c", CreatedAt: t0, ExpiresAt: t0.AddDate(0, 0, 1)}))

	token := func() domain.Moment {
		t.Helper()
		_, in, err := s.APITokenUser(ctx, []byte("moment-staff"))
		must(t, err)
		if in.Moment == "" {
			t.Fatal("the team's token read tells no moment")
		}
		return in.Moment
	}
	session := func() domain.Moment {
		t.Helper()
		_, in, err := s.SessionUser(ctx, []byte("moment-session"))
		must(t, err)
		if in.Moment == "" {
			t.Fatal("a customer's session read tells no moment")
		}
		return in.Moment
	}
	// Other tests' commits on the same database server move the moment too (PostgreSQL's is
	// the server's): two reads with none between are bound to come within a few tries.
	same := false
	for i := 0; i < 200 && !same; i++ {
		same = token().Same(token())
	}
	if !same {
		t.Fatal("two hundred pairs of reads of a token, each pair at two moments")
	}
	for _, w := range []struct {
		name  string
		write func()
	}{
		{"an account elsewhere", func() { account(t, s, "Moment Elsewhere", 0) }},
		{"a request in a transaction", func() {
			must(t, s.InTx(ctx, func(tx domain.Tx) error {
				return tx.CreatePortIn(ctx, &domain.PortIn{AccountID: acc.ID, Status: domain.StatusDraft, CreatedAt: t0, UpdatedAt: t0})
			}))
		}},
		{"the token's last use", func() {
			tok, err := s.APITokenByHash(ctx, []byte("moment-staff"))
			must(t, err)
			must(t, s.TouchAPIToken(ctx, tok.ID, t0.Add(time.Hour)))
		}},
	} {
		before, beforeS := token(), session()
		w.write()
		if after := token(); after.Same(before) {
			t.Fatalf("after %s the token's read tells the moment before it, %q", w.name, after)
		}
		if after := session(); after.Same(beforeS) {
			t.Fatalf("after %s the session's read tells the moment before it, %q", w.name, after)
		}
	}
}
