package storetest

import (
	"bytes"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// testPeople: users disabled and removed, their sessions ended and tokens revoked, the
// account's tokens listed, and single-use access links.
func testPeople(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "People Co", 0)
	other := account(t, s, "Elsewhere", 0)
	ann := domain.User{AccountID: acc.ID, Role: domain.RoleAdmin, Email: "ann@people.example", Name: "Ann", PasswordHash: "h", CreatedAt: t0}
	bob := domain.User{AccountID: acc.ID, Role: domain.RoleMember, Email: "bob@people.example", Name: "Bob", PasswordHash: "h", CreatedAt: t0}
	eve := domain.User{AccountID: other.ID, Role: domain.RoleMember, Email: "eve@else.example", Name: "Eve", PasswordHash: "h", CreatedAt: t0}
	for _, u := range []*domain.User{&ann, &bob, &eve} {
		must(t, s.CreateUser(ctx, u))
	}
	for i, h := range []string{"bob-1", "bob-2", "ann-1"} {
		uid := bob.ID
		if i == 2 {
			uid = ann.ID
		}
		must(t, s.CreateSession(ctx, domain.Session{TokenHash: []byte(h), UserID: uid, CSRFToken: "c", CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}))
	}
	var bobTok, eveTok domain.APIToken
	for _, x := range []struct {
		tok *domain.APIToken
		uid int64
		h   string
	}{{&bobTok, bob.ID, "bob-tok"}, {&eveTok, eve.ID, "eve-tok"}} {
		*x.tok = domain.APIToken{UserID: x.uid, Name: "ci", Prefix: "pdt_x", Hash: []byte(x.h), CreatedAt: t0}
		must(t, s.CreateAPIToken(ctx, x.tok))
	}

	step(t, "AccountTokensAreTheAccountUsersOnly", func(t *testing.T) {
		got, err := s.AccountAPITokens(ctx, acc.ID)
		must(t, err)
		if len(got) != 1 || got[0].ID != bobTok.ID || got[0].UserID != bob.ID {
			t.Fatalf("account tokens: %+v", got)
		}
	})
	step(t, "DeleteUserSessionsKeepsTheOneExcepted", func(t *testing.T) {
		n, err := s.DeleteUserSessions(ctx, bob.ID, []byte("bob-2"))
		must(t, err)
		if n != 1 {
			t.Fatalf("deleted %d, want 1", n)
		}
		_, err = s.Session(ctx, []byte("bob-1"))
		wantCode(t, err, domain.ErrNotFound)
		_, err = s.Session(ctx, []byte("bob-2"))
		must(t, err)
		_, err = s.Session(ctx, []byte("ann-1"))
		must(t, err) // another user's stays
		n, err = s.DeleteUserSessions(ctx, bob.ID, nil)
		must(t, err)
		if n != 1 {
			t.Fatalf("deleted %d, want 1", n)
		}
	})
	step(t, "RevokeUserTokens", func(t *testing.T) {
		n, err := s.RevokeUserTokens(ctx, bob.ID, t0.Add(time.Minute))
		must(t, err)
		if n != 1 {
			t.Fatalf("revoked %d", n)
		}
		got, err := s.APITokenByHash(ctx, []byte("bob-tok"))
		must(t, err)
		if got.RevokedAt == nil || !got.RevokedAt.Equal(t0.Add(time.Minute)) {
			t.Fatalf("token: %+v", got)
		}
		if got, _ := s.APITokenByHash(ctx, []byte("eve-tok")); got.RevokedAt != nil {
			t.Fatalf("another user's token revoked: %+v", got)
		}
		if n, err := s.RevokeUserTokens(ctx, bob.ID, t0.Add(time.Hour)); err != nil || n != 0 {
			t.Fatalf("again: %d, %v", n, err)
		}
	})
	step(t, "DisableAndEnable", func(t *testing.T) {
		at := t0.Add(2 * time.Minute)
		must(t, s.SetUserDisabled(ctx, bob.ID, &at))
		got, err := s.User(ctx, bob.ID)
		must(t, err)
		if got.DisabledAt == nil || !got.DisabledAt.Equal(at) || got.Active() {
			t.Fatalf("disabled: %+v", got)
		}
		must(t, s.SetUserDisabled(ctx, bob.ID, nil))
		got, _ = s.User(ctx, bob.ID)
		if got.DisabledAt != nil || !got.Active() {
			t.Fatalf("enabled: %+v", got)
		}
		wantCode(t, s.SetUserDisabled(ctx, 999999, &at), domain.ErrNotFound)
	})
	step(t, "PasswordChange", func(t *testing.T) {
		must(t, s.SetUserPassword(ctx, ann.ID, "new-hash"))
		got, _ := s.User(ctx, ann.ID)
		if got.PasswordHash != "new-hash" {
			t.Fatalf("hash: %q", got.PasswordHash)
		}
	})
	step(t, "RemoveFreesTheEmailAndKeepsTheRow", func(t *testing.T) {
		at := t0.Add(3 * time.Minute)
		must(t, s.RemoveUser(ctx, bob.ID, at))
		got, err := s.User(ctx, bob.ID)
		must(t, err)
		if got.RemovedAt == nil || got.DisabledAt == nil || got.PasswordHash != "" || got.Email == bob.Email || got.Name != "Bob" {
			t.Fatalf("removed: %+v", got)
		}
		list, err := s.Users(ctx, acc.ID)
		must(t, err)
		if len(list) != 1 || list[0].ID != ann.ID {
			t.Fatalf("list after removal: %+v", list)
		}
		_, err = s.UserByEmail(ctx, bob.Email)
		wantCode(t, err, domain.ErrNotFound)
		again := domain.User{AccountID: acc.ID, Role: domain.RoleMember, Email: bob.Email, Name: "Bob again", PasswordHash: "h", CreatedAt: at}
		must(t, s.CreateUser(ctx, &again))
		wantCode(t, s.RemoveUser(ctx, bob.ID, at), domain.ErrNotFound)
		wantCode(t, s.SetUserPassword(ctx, bob.ID, "x"), domain.ErrNotFound)
	})
	step(t, "AccessLinksAreUsedOnce", func(t *testing.T) {
		l := domain.AccessLink{Purpose: domain.LinkInvitation, Email: "new@people.example", AccountID: acc.ID, Role: domain.RoleMember,
			Name: "New", CreatedBy: ann.ID, CreatedAt: t0, ExpiresAt: t0.Add(72 * time.Hour)}
		must(t, s.CreateAccessLink(ctx, &l))
		must(t, s.SetAccessLinkToken(ctx, l.ID, []byte("link-1")))
		must(t, s.SetAccessLinkToken(ctx, l.ID, []byte("link-2"))) // a resend replaces it
		// An invitation is open to its account and address until used or expired.
		if open, err := s.OpenInvitation(ctx, acc.ID, "new@people.example", t0.Add(time.Hour)); err != nil || open.ID != l.ID {
			t.Fatalf("open invitation: %+v %v", open, err)
		}
		_, err := s.OpenInvitation(ctx, acc.ID, "new@people.example", t0.Add(73*time.Hour))
		wantCode(t, err, domain.ErrNotFound)
		_, err = s.OpenInvitation(ctx, acc.ID+1000, "new@people.example", t0.Add(time.Hour))
		wantCode(t, err, domain.ErrNotFound)
		_, err = s.AccessLinkByHash(ctx, []byte("link-1"))
		wantCode(t, err, domain.ErrNotFound)
		got, err := s.AccessLinkByHash(ctx, []byte("link-2"))
		must(t, err)
		if got.ID != l.ID || got.Purpose != domain.LinkInvitation || got.AccountID != acc.ID || got.UserID != 0 || got.Role != domain.RoleMember ||
			!got.ExpiresAt.Equal(l.ExpiresAt) || got.UsedAt != nil || !bytes.Equal(got.TokenHash, []byte("link-2")) {
			t.Fatalf("link: %+v", got)
		}
		must(t, s.UseAccessLink(ctx, l.ID, t0.Add(time.Hour)))
		_, err = s.OpenInvitation(ctx, acc.ID, "new@people.example", t0.Add(2*time.Hour))
		wantCode(t, err, domain.ErrNotFound)
		wantCode(t, s.UseAccessLink(ctx, l.ID, t0.Add(2*time.Hour)), domain.ErrConflict)
		wantCode(t, s.SetAccessLinkToken(ctx, l.ID, []byte("link-3")), domain.ErrNotFound)
		got, err = s.AccessLink(ctx, l.ID)
		must(t, err)
		if got.UsedAt == nil || !got.UsedAt.Equal(t0.Add(time.Hour)) {
			t.Fatalf("used: %+v", got)
		}
		reset := domain.AccessLink{Purpose: domain.LinkPasswordReset, Email: ann.Email, UserID: ann.ID, CreatedBy: ann.ID, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
		must(t, s.CreateAccessLink(ctx, &reset))
		got, err = s.AccessLink(ctx, reset.ID)
		must(t, err)
		if got.UserID != ann.ID || got.AccountID != 0 || got.TokenHash != nil && len(got.TokenHash) != 0 {
			t.Fatalf("reset: %+v", got)
		}
	})
	step(t, "ExpiredLinksAreDeleted", func(t *testing.T) {
		n, err := s.DeleteAccessLinks(ctx, t0.Add(2*time.Hour)) // the reset expired, the invitation not
		must(t, err)
		if n != 1 {
			t.Fatalf("deleted %d", n)
		}
		_, err = s.AccessLink(ctx, 1<<40)
		wantCode(t, err, domain.ErrNotFound)
		n, err = s.DeleteAccessLinks(ctx, t0.Add(100*time.Hour))
		must(t, err)
		if n != 1 {
			t.Fatalf("deleted %d", n)
		}
	})
}
