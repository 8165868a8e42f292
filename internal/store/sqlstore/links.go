package sqlstore

import (
	"context"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

const linkCols = `id, purpose, email, COALESCE(user_id, 0), COALESCE(account_id, 0), role, name, created_by, token_hash, created_at, expires_at, used_at`

func scanLink(r Row) (domain.AccessLink, error) {
	var l domain.AccessLink
	var created, expires int64
	var used *int64
	err := r.Scan(&l.ID, &l.Purpose, &l.Email, &l.UserID, &l.AccountID, &l.Role, &l.Name, &l.CreatedBy, &l.TokenHash, &created, &expires, &used)
	l.CreatedAt, l.ExpiresAt, l.UsedAt = fromTS(created), fromTS(expires), fromTSPtr(used)
	return l, err
}

func (s *Queries) CreateAccessLink(ctx context.Context, l *domain.AccessLink) error {
	err := s.q.QueryRow(ctx, `INSERT INTO access_links (purpose, email, user_id, account_id, role, name, created_by, token_hash, created_at, expires_at)
		VALUES ($1, $2, NULLIF(CAST($3 AS BIGINT), 0), NULLIF(CAST($4 AS BIGINT), 0), $5, $6, $7, $8, $9, $10) RETURNING id`,
		string(l.Purpose), l.Email, l.UserID, l.AccountID, string(l.Role), l.Name, l.CreatedBy, l.TokenHash, ts(l.CreatedAt), ts(l.ExpiresAt)).Scan(&l.ID)
	return s.wrap(err)
}

func (s *Queries) AccessLink(ctx context.Context, id int64) (domain.AccessLink, error) {
	return one(ctx, s, scanLink, `SELECT `+linkCols+` FROM access_links WHERE id = $1`, id)
}

func (s *Queries) AccessLinkByHash(ctx context.Context, hash []byte) (domain.AccessLink, error) {
	return one(ctx, s, scanLink, `SELECT `+linkCols+` FROM access_links WHERE token_hash = $1`, hash)
}

func (s *Queries) OpenInvitation(ctx context.Context, accountID int64, email string, now time.Time) (domain.AccessLink, error) {
	return one(ctx, s, scanLink, `SELECT `+linkCols+` FROM access_links WHERE purpose = $1 AND account_id = $2 AND email = $3
		AND used_at IS NULL AND expires_at > $4 ORDER BY id DESC LIMIT 1`, string(domain.LinkInvitation), accountID, email, ts(now))
}

func (s *Queries) SetAccessLinkToken(ctx context.Context, id int64, hash []byte) error {
	return notFoundIfNone(s.exec(ctx, `UPDATE access_links SET token_hash = $1 WHERE id = $2 AND used_at IS NULL`, hash, id))
}

func (s *Queries) UseAccessLink(ctx context.Context, id int64, at time.Time) error {
	n, err := s.exec(ctx, `UPDATE access_links SET used_at = $1 WHERE id = $2 AND used_at IS NULL`, ts(at), id)
	if err != nil {
		return err
	}
	if n == 0 {
		return domain.Errorf(domain.ErrConflict, "the link was used already")
	}
	return nil
}

func (s *Queries) DeleteAccessLinks(ctx context.Context, before time.Time) (int, error) {
	n, err := s.exec(ctx, `DELETE FROM access_links WHERE expires_at < $1`, ts(before))
	return int(n), err
}
