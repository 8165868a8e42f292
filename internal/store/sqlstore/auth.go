package sqlstore

import (
	"context"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

func (s *Queries) CreateSession(ctx context.Context, se domain.Session) error {
	_, err := s.exec(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		se.TokenHash, se.UserID, se.CSRFToken, ts(se.CreatedAt), ts(se.ExpiresAt))
	return err
}

func (s *Queries) Session(ctx context.Context, hash []byte) (domain.Session, error) {
	return one(ctx, s, func(r Row) (domain.Session, error) {
		var se domain.Session
		var c, e int64
		err := r.Scan(&se.TokenHash, &se.UserID, &se.CSRFToken, &c, &e)
		se.CreatedAt, se.ExpiresAt = fromTS(c), fromTS(e)
		return se, err
	}, `SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions WHERE token_hash = $1`, hash)
}

func (s *Queries) DeleteSession(ctx context.Context, hash []byte) error {
	_, err := s.exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hash)
	return err
}

func (s *Queries) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	n, err := s.exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, ts(now))
	return int(n), err
}

func (s *Queries) DeleteUserSessions(ctx context.Context, userID int64, except []byte) (int, error) {
	if except == nil {
		except = []byte{}
	}
	n, err := s.exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, userID, except)
	return int(n), err
}

const tokenCols = `id, user_id, name, prefix, hash, created_at, last_used_at, revoked_at`

func scanToken(r Row) (domain.APIToken, error) {
	var t domain.APIToken
	var c int64
	var used, revoked *int64
	err := r.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.Hash, &c, &used, &revoked)
	t.CreatedAt, t.LastUsedAt, t.RevokedAt = fromTS(c), fromTSPtr(used), fromTSPtr(revoked)
	return t, err
}

func (s *Queries) CreateAPIToken(ctx context.Context, t *domain.APIToken) error {
	err := s.q.QueryRow(ctx, `INSERT INTO api_tokens (user_id, name, prefix, hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		t.UserID, t.Name, t.Prefix, t.Hash, ts(t.CreatedAt)).Scan(&t.ID)
	return s.wrap(err)
}

func (s *Queries) APITokenByHash(ctx context.Context, hash []byte) (domain.APIToken, error) {
	return one(ctx, s, scanToken, `SELECT `+tokenCols+` FROM api_tokens WHERE hash = $1`, hash)
}

func (s *Queries) APITokens(ctx context.Context, userID int64) ([]domain.APIToken, error) {
	return list(ctx, s, scanToken, `SELECT `+tokenCols+` FROM api_tokens WHERE user_id = $1 ORDER BY id`, userID)
}

func (s *Queries) RevokeAPIToken(ctx context.Context, userID, id int64, at time.Time) error {
	return notFoundIfNone(s.exec(ctx, `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2 AND user_id = $3`, ts(at), id, userID))
}

func (s *Queries) RevokeUserTokens(ctx context.Context, userID int64, at time.Time) (int, error) {
	n, err := s.exec(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`, ts(at), userID)
	return int(n), err
}

func (s *Queries) AccountAPITokens(ctx context.Context, accountID int64) ([]domain.APIToken, error) {
	return list(ctx, s, scanToken, `SELECT t.id, t.user_id, t.name, t.prefix, t.hash, t.created_at, t.last_used_at, t.revoked_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.account_id = $1 ORDER BY t.id`, accountID)
}

func (s *Queries) TouchAPIToken(ctx context.Context, id int64, at time.Time) error {
	_, err := s.exec(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, ts(at), id)
	return err
}

func (s *Queries) RecordLoginFailure(ctx context.Context, key string, at time.Time) error {
	_, err := s.exec(ctx, `INSERT INTO login_failures (key, at) VALUES ($1, $2)`, key, ts(at))
	return err
}

func (s *Queries) LoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	return one(ctx, s, func(r Row) (int, error) {
		var n int
		return n, r.Scan(&n)
	}, `SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at > $2`, key, ts(since))
}

func (s *Queries) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := s.exec(ctx, `DELETE FROM login_failures WHERE key = $1`, key)
	return err
}
