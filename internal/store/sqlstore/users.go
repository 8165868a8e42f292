package sqlstore

import (
	"context"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

const userCols = `id, COALESCE(account_id, 0), staff, role, email, name, password_hash, created_at`

func scanUser(r Row) (domain.User, error) {
	var u domain.User
	var created int64
	err := r.Scan(&u.ID, &u.AccountID, &u.Staff, &u.Role, &u.Email, &u.Name, &u.PasswordHash, &created)
	u.CreatedAt = fromTS(created)
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
		return list(ctx, s, scanUser, `SELECT `+userCols+` FROM users WHERE account_id IS NULL ORDER BY email`)
	}
	return list(ctx, s, scanUser, `SELECT `+userCols+` FROM users WHERE account_id = $1 ORDER BY email`, accountID)
}
