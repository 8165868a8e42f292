package access

import (
	"context"
	"crypto/sha256"
	"log/slog"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// tokenPrefix marks PortDesk API tokens, so secret scanners can recognise a leaked one.
const tokenPrefix = "pdt_"

func hashToken(t string) []byte {
	h := sha256.Sum256([]byte(t))
	return h[:]
}

// Login checks a password and opens a session. Failures are counted per email and per
// address across every replica; past the limit, even a right password waits.
func (s *Service) Login(ctx context.Context, email, password, ip string) (token string, sess domain.Session, err error) {
	defer desk.Wrap(&err, "login") // never the email or the password
	email = strings.ToLower(strings.TrimSpace(email))
	if !domain.PlainSecret(email) || !domain.PlainSecret(password) {
		// Nobody's email or password holds a NUL or an escape, and PostgreSQL cannot even
		// look such text up: the same answer as any wrong password, with nothing stored.
		return "", sess, domain.Errorf(domain.ErrUnauthenticated, "the email or password is not right")
	}
	since := s.desk.Now().Add(-s.cfg.LoginWindow)
	keys := []string{"email:" + email, "ip:" + ip}
	limits := []int{s.cfg.MaxFailsPerUser, s.cfg.MaxFailsPerIP}
	for i, k := range keys {
		n, err := s.desk.Store.LoginFailures(ctx, k, since)
		if err != nil {
			return "", sess, err
		}
		if n >= limits[i] {
			s.desk.Log.Warn("login throttled", "email", email, "ip", ip, "key", strings.SplitN(k, ":", 2)[0])
			return "", sess, domain.Errorf(domain.ErrRateLimited, "too many failed logins: wait %d minutes and try again", int(s.cfg.LoginWindow.Minutes()))
		}
	}
	u, err := s.desk.Store.UserByEmail(ctx, email)
	if err != nil && !domain.IsCode(err, domain.ErrNotFound) {
		return "", sess, err
	}
	hash := u.PasswordHash
	if err != nil || hash == "" {
		hash = dummyHash
	}
	if !CheckPassword(hash, password) || err != nil || u.PasswordHash == "" {
		for _, k := range keys {
			if err := s.desk.Store.RecordLoginFailure(ctx, k, s.desk.Now()); err != nil {
				return "", sess, err
			}
		}
		// The password is never logged, only who tried and from where.
		s.desk.Log.Warn("login failed", slog.String("email", email), slog.String("ip", ip))
		return "", sess, domain.Errorf(domain.ErrUnauthenticated, "the email or password is not right")
	}
	if err := s.desk.Store.ClearLoginFailures(ctx, keys[0]); err != nil {
		return "", sess, err
	}
	token = randomToken(32)
	now := s.desk.Now()
	sess = domain.Session{TokenHash: hashToken(token), UserID: u.ID, CSRFToken: randomToken(32), CreatedAt: now, ExpiresAt: now.Add(s.cfg.SessionTTL)}
	if err := s.desk.Store.CreateSession(ctx, sess); err != nil {
		return "", sess, err
	}
	s.desk.Log.Info("login", "user_id", u.ID, "ip", ip)
	return token, sess, nil
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
	sess, err := s.desk.Store.Session(ctx, hashToken(token))
	if domain.IsCode(err, domain.ErrNotFound) || (err == nil && !s.desk.Now().Before(sess.ExpiresAt)) {
		return domain.Actor{}, domain.Session{}, unauth
	}
	if err != nil {
		return domain.Actor{}, domain.Session{}, err
	}
	u, err := s.desk.Store.User(ctx, sess.UserID)
	if domain.IsCode(err, domain.ErrNotFound) {
		return domain.Actor{}, domain.Session{}, unauth
	}
	return domain.ActorOf(u), sess, err
}

// TokenActor resolves an API bearer token to the user it acts as.
func (s *Service) TokenActor(ctx context.Context, token string) (_ domain.Actor, err error) {
	defer desk.Wrap(&err, "resolve the API token") // never the token
	unauth := domain.Errorf(domain.ErrUnauthenticated, "the API token is missing, unknown or revoked")
	if !strings.HasPrefix(token, tokenPrefix) {
		return domain.Actor{}, unauth
	}
	t, err := s.desk.Store.APITokenByHash(ctx, hashToken(token))
	if domain.IsCode(err, domain.ErrNotFound) || (err == nil && t.RevokedAt != nil) {
		return domain.Actor{}, unauth
	}
	if err != nil {
		return domain.Actor{}, err
	}
	u, err := s.desk.Store.User(ctx, t.UserID)
	if domain.IsCode(err, domain.ErrNotFound) {
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
	return domain.ActorOf(u), nil
}

// CreateToken makes an API token for the actor's own user. The token is returned once;
// only its hash is kept.
func (s *Service) CreateToken(ctx context.Context, a domain.Actor, name string) (_ string, _ domain.APIToken, err error) {
	defer desk.Wrap(&err, "create an API token for user %d", a.UserID)
	return s.createTokenFor(ctx, a.UserID, name)
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
	err = s.desk.Store.RevokeAPIToken(ctx, a.UserID, id, s.desk.Now())
	if domain.IsCode(err, domain.ErrNotFound) {
		return desk.NotFound("token")
	}
	return err
}
