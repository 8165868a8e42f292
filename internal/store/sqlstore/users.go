package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

const userCols = `id, COALESCE(account_id, 0), staff, role, email, name, password_hash, created_at, disabled_at, removed_at`

func scanUser(r Row) (domain.User, error) {
	var u domain.User
	var created int64
	var disabled, removed *int64
	err := r.Scan(&u.ID, &u.AccountID, &u.Staff, &u.Role, &u.Email, &u.Name, &u.PasswordHash, &created, &disabled, &removed)
	u.CreatedAt, u.DisabledAt, u.RemovedAt = fromTS(created), fromTSPtr(disabled), fromTSPtr(removed)
	return u, err
}

func (s *Queries) CreateUser(ctx context.Context, u *domain.User) error {
	u.Email = strings.ToLower(u.Email)
	err := s.q.QueryRow(ctx, `INSERT INTO users (account_id, staff, role, email, name, password_hash, created_at)
		VALUES (NULLIF(CAST($1 AS BIGINT), 0), $2, $3, $4, $5, $6, $7) RETURNING id`,
		u.AccountID, u.Staff, string(u.Role), u.Email, u.Name, u.PasswordHash, ts(u.CreatedAt)).Scan(&u.ID)
	return s.wrap(err)
}

func (s *Queries) User(ctx context.Context, id int64) (domain.User, error) {
	return one(ctx, s, scanUser, `SELECT `+userCols+` FROM users WHERE id = $1`, id)
}

func (s *Queries) UserByEmail(ctx context.Context, email string) (domain.User, error) {
	return one(ctx, s, scanUser, `SELECT `+userCols+` FROM users WHERE email = $1`, strings.ToLower(strings.TrimSpace(email)))
}

func (s *Queries) Users(ctx context.Context, accountID int64) ([]domain.User, error) {
	if accountID == 0 {
		return list(ctx, s, scanUser, `SELECT `+userCols+` FROM users WHERE account_id IS NULL AND removed_at IS NULL ORDER BY email`)
	}
	return list(ctx, s, scanUser, `SELECT `+userCols+` FROM users WHERE account_id = $1 AND removed_at IS NULL ORDER BY email`, accountID)
}

func (s *Queries) SetUserDisabled(ctx context.Context, id int64, at *time.Time) error {
	return notFoundIfNone(s.exec(ctx, `UPDATE users SET disabled_at = $1 WHERE id = $2 AND removed_at IS NULL`, tsPtr(at), id))
}

// RemoveUser frees the email with an address that cannot receive mail, so that the person
// can be invited again, and keeps the row for the history that names it.
func (s *Queries) RemoveUser(ctx context.Context, id int64, at time.Time) error {
	return notFoundIfNone(s.exec(ctx, `UPDATE users SET removed_at = $1, disabled_at = COALESCE(disabled_at, $1), password_hash = '',
		email = $2 WHERE id = $3 AND removed_at IS NULL`, ts(at), fmt.Sprintf("removed-%d@removed.invalid", id), id))
}

func (s *Queries) SetUserPassword(ctx context.Context, id int64, hash string) error {
	return notFoundIfNone(s.exec(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2 AND removed_at IS NULL`, hash, id))
}
