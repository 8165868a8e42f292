package access

import (
	"context"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"net/netip"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// tokenPrefix marks PortDesk API tokens, so secret scanners can recognise a leaked one.
const tokenPrefix = "pdt_"

func hashToken(t string) []byte {
	h := sha256.Sum256([]byte(t))
	return h[:]
}

// Login checks a password and opens a session. Every try is reserved before the password
// is checked, per email and per address across every replica, in one step that counts and
// records together: past a limit, even a right password waits, and parallel tries cannot
// all slip in under it. A right password gives its tries back.
func (s *Service) Login(ctx context.Context, email, password, ip string) (token string, sess domain.Session, err error) {
	defer desk.Wrap(&err, "login") // never the email or the password
	email = strings.ToLower(strings.TrimSpace(email))
	if !domain.PlainSecret(email) || !domain.PlainSecret(password) {
		// Nobody's email or password holds a NUL or an escape, and PostgreSQL cannot even
		// look such text up: the same answer as any wrong password, with nothing stored.
		return "", sess, domain.Errorf(domain.ErrUnauthenticated, "the email or password is not right")
	}
	now := s.desk.Now()
	keys := []string{"email:" + email, "ip:" + throttleAddr(ip)}
	limits := []int{s.cfg.MaxFailsPerUser, s.cfg.MaxFailsPerIP}
	ok, err := s.desk.Store.ReserveLoginAttempt(ctx, keys, limits, now.Add(-s.cfg.LoginWindow), now)
	if err != nil {
		return "", sess, err
	}
	if !ok {
		s.desk.Log.Warn("login throttled", "email", email, "ip", ip)
		return "", sess, domain.Errorf(domain.ErrRateLimited, "too many failed logins: wait %d minutes and try again", int(s.cfg.LoginWindow.Minutes()))
	}
	u, err := s.desk.Store.UserByEmail(ctx, email)
	if err != nil && !domain.IsCode(err, domain.ErrNotFound) {
		return "", sess, err
	}
	hash := u.PasswordHash
	if err != nil || hash == "" {
		hash = dummyHash
	}
	match, busy := s.checkPassword(ctx, hash, password)
	if busy != nil {
		// Nothing was checked, so the try does not count against the user.
		s.giveBack(ctx, keys, now)
		s.desk.Log.Warn("login turned away: password checks busy", "ip", ip)
		return "", sess, busy
	}
	// A disabled user gets the answer of a wrong password, after the same work.
	if !match || err != nil || u.PasswordHash == "" || !u.Active() {
		// The password is never logged, only who tried and from where.
		s.desk.Log.Warn("login failed", slog.String("email", email), slog.String("ip", ip))
		return "", sess, domain.Errorf(domain.ErrUnauthenticated, "the email or password is not right")
	}
	if err := s.desk.Store.ClearLoginAttempts(ctx, keys[0]); err != nil {
		return "", sess, err
	}
	s.giveBack(ctx, keys[1:], now) // an office behind one address signs in all day
	token = randomToken(32)
	sess = domain.Session{TokenHash: hashToken(token), UserID: u.ID, CSRFToken: randomToken(32), CreatedAt: now, ExpiresAt: now.Add(s.cfg.SessionTTL), LastSeenAt: now}
	if err := s.desk.Store.CreateSession(ctx, sess); err != nil {
		return "", sess, err
	}
	s.desk.Log.Info("login", "user_id", u.ID, "ip", ip)
	return token, sess, nil
}

// giveBack hands back the tries reserved at at, best effort: failing leaves them counted,
// which errs on the safe side. It runs even when the request was cancelled.
func (s *Service) giveBack(ctx context.Context, keys []string, at time.Time) {
	ctx = context.WithoutCancel(ctx)
	for _, k := range keys {
		if err := s.desk.Store.ReleaseLoginAttempt(ctx, k, at); err != nil {
			s.desk.Log.Warn("login attempt not handed back", "err", err)
		}
	}
}

// throttleAddr is the address tries are counted against. An IPv6 client usually holds a
// whole /64, so it is counted as one: otherwise each of its 2^64 addresses would have a
// limit of its own.
func throttleAddr(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil || a.Unmap().Is4() {
		return ip
	}
	p, err := a.WithZone("").Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, token string) (err error) {
	defer desk.Wrap(&err, "logout")
	return s.desk.Store.DeleteSession(ctx, hashToken(token))
}

// SessionActor resolves a session cookie to its user.
func (s *Service) SessionActor(ctx context.Context, token string) (_ domain.Actor, _ domain.Session, err error) {
	defer desk.Wrap(&err, "resolve the session") // never the token
	unauth := domain.Errorf(domain.ErrUnauthenticated, "log in to continue")
	if token == "" {
		return domain.Actor{}, domain.Session{}, unauth
	}
	now := s.desk.Now()
	// The session, its user and the user's scope in one read: every page starts here.
	sess, in, err := s.desk.Store.SessionUser(ctx, hashToken(token))
	u := in.User
	// A disabled user's sessions were ended; checking again here means none can outlive it.
	if domain.IsCode(err, domain.ErrNotFound) || (err == nil && (!now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= s.cfg.SessionIdle || !u.Active())) {
		return domain.Actor{}, domain.Session{}, unauth
	}
	if err != nil {
		return domain.Actor{}, domain.Session{}, err
	}
	// Last seen is best effort and kept to the minute, so that a busy page does not write
	// on every request; a failed touch must not fail the request.
	if now.Sub(sess.LastSeenAt) >= time.Minute {
		if err := s.desk.Store.TouchSession(ctx, sess.TokenHash, now); err != nil {
			s.desk.Log.Warn("session touch failed", "err", err)
		} else {
			sess.LastSeenAt = now
		}
	}
	return actorOf(in), sess, nil
}

// TokenActor resolves an API bearer token to the user it acts as.
func (s *Service) TokenActor(ctx context.Context, token string) (_ domain.Actor, err error) {
	defer desk.Wrap(&err, "resolve the API token") // never the token
	unauth := domain.Errorf(domain.ErrUnauthenticated, "the API token is missing, unknown or revoked")
	if !strings.HasPrefix(token, tokenPrefix) {
		return domain.Actor{}, unauth
	}
	// The token and its user in one read: every API request starts here.
	t, in, err := s.desk.Store.APITokenUser(ctx, hashToken(token))
	u := in.User
	// A disabled user's tokens were revoked; checking again here means none can outlive it.
	if domain.IsCode(err, domain.ErrNotFound) || (err == nil && (t.RevokedAt != nil || !u.Active())) {
		return domain.Actor{}, unauth
	}
	if err != nil {
		return domain.Actor{}, err
	}
	// Last use is best effort: a failed touch must not fail the request.
	if t.LastUsedAt == nil || s.desk.Now().Sub(*t.LastUsedAt) > 60e9 {
		if err := s.desk.Store.TouchAPIToken(ctx, t.ID, s.desk.Now()); err != nil {
			s.desk.Log.Warn("token touch failed", "err", err)
		}
	}
	return actorOf(in), nil
}

// actorOf is the sign-in's user as an actor carrying its account and the subtree below it
// read with it, so that the request's scope and account are not read again, and the moment
// it was read at.
func actorOf(in domain.SignIn) domain.Actor {
	a := domain.ActorOf(in.User)
	if tree := in.Subtree; !a.Staff && a.AccountID != 0 && tree != nil && tree.Root == a.AccountID {
		a.Subtree = tree
	}
	a.Moment = in.Moment
	return a
}

// CreateToken makes an API token for the actor's own user. The token is returned once;
// only its hash is kept.
func (s *Service) CreateToken(ctx context.Context, a domain.Actor, name string) (_ string, _ domain.APIToken, err error) {
	defer desk.Wrap(&err, "create an API token for user %d", a.UserID)
	tok, t, err := s.createTokenFor(ctx, a.UserID, name)
	if err != nil {
		return "", t, err
	}
	// Best after the fact: the token exists and is the user's own either way.
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		return s.desk.Audit(ctx, tx, a, fmt.Sprintf("api_token:%d", t.ID), "created", map[string]any{"user_id": a.UserID, "prefix": t.Prefix})
	})
	return tok, t, err
}

func (s *Service) createTokenFor(ctx context.Context, userID int64, name string) (string, domain.APIToken, error) {
	var v domain.Validation
	if name = v.Text("name", name, domain.TextRule{Max: 100}); name == "" && !v.Has("name") {
		name = "API token"
	}
	if err := v.Err(domain.ErrInvalid, "the token's name is not valid"); err != nil {
		return "", domain.APIToken{}, err
	}
	token := tokenPrefix + randomToken(32)
	t := domain.APIToken{UserID: userID, Name: name, Prefix: token[:len(tokenPrefix)+6], Hash: hashToken(token), CreatedAt: s.desk.Now()}
	if err := s.desk.Store.CreateAPIToken(ctx, &t); err != nil {
		return "", t, err
	}
	return token, t, nil
}

// Tokens lists the actor's API tokens (never the tokens themselves).
func (s *Service) Tokens(ctx context.Context, a domain.Actor) (_ []domain.APIToken, err error) {
	defer desk.Wrap(&err, "API tokens of user %d", a.UserID)
	return s.desk.Store.APITokens(ctx, a.UserID)
}

// RevokeToken revokes one of the actor's tokens at once.
func (s *Service) RevokeToken(ctx context.Context, a domain.Actor, id int64) (err error) {
	defer desk.Wrap(&err, "revoke API token %d of user %d", id, a.UserID)
	return s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		err := tx.RevokeAPIToken(ctx, a.UserID, id, s.desk.Now())
		if domain.IsCode(err, domain.ErrNotFound) {
			return desk.NotFound("token")
		}
		if err != nil {
			return err
		}
		return s.desk.Audit(ctx, tx, a, fmt.Sprintf("api_token:%d", id), "revoked", map[string]any{"user_id": a.UserID})
	})
}
