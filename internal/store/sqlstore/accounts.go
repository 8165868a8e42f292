package sqlstore

import (
	"context"

	"github.com/portdesk/portdesk/internal/domain"
)

const accountCols = `id, COALESCE(parent_id, 0), name, country, time_zone, created_at`

func scanAccount(r Row) (domain.Account, error) {
	var a domain.Account
	var created int64
	err := r.Scan(&a.ID, &a.ParentID, &a.Name, &a.Country, &a.TimeZone, &created)
	a.CreatedAt = fromTS(created)
	return a, err
}

func (s *Queries) CreateAccount(ctx context.Context, a *domain.Account) error {
	err := s.q.QueryRow(ctx, `INSERT INTO accounts (parent_id, name, country, time_zone, created_at)
		VALUES (NULLIF(CAST($1 AS BIGINT), 0), $2, $3, $4, $5) RETURNING id`,
		a.ParentID, a.Name, string(a.Country), a.TimeZone, ts(a.CreatedAt)).Scan(&a.ID)
	return s.wrap(err)
}

func (s *Queries) Account(ctx context.Context, id int64) (domain.Account, error) {
	return one(ctx, s, scanAccount, `SELECT `+accountCols+` FROM accounts WHERE id = $1`, id)
}

func (s *Queries) AccountByName(ctx context.Context, parentID int64, name string) (domain.Account, error) {
	return one(ctx, s, scanAccount, `SELECT `+accountCols+` FROM accounts
		WHERE COALESCE(parent_id, 0) = $1 AND lower(name) = lower($2)`, parentID, name)
}

// AccountSubtree reads the tree kept beside the accounts (migration 0027), one indexed range:
// it is every request's scope.
func (s *Queries) AccountSubtree(ctx context.Context, id int64) ([]int64, error) {
	return list(ctx, s, func(r Row) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, `SELECT account_id FROM account_tree WHERE ancestor_id = $1 ORDER BY account_id`, id)
}

func (s *Queries) Accounts(ctx context.Context, ids []int64) ([]domain.Account, error) {
	if ids == nil {
		return list(ctx, s, scanAccount, `SELECT `+accountCols+` FROM accounts ORDER BY lower(name), id`)
	}
	out := []domain.Account{}
	for _, c := range chunks(ids, batch) {
		var b builder
		b.sql.WriteString(`SELECT ` + accountCols + ` FROM accounts WHERE id IN ` + b.in(anys(c)))
		part, err := list(ctx, s, scanAccount, b.sql.String(), b.args...)
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
	}
	sortAccounts(out)
	return out, nil
}

func (s *Queries) UpdateAccount(ctx context.Context, a *domain.Account) error {
	return notFoundIfNone(s.exec(ctx, `UPDATE accounts SET name = $1, country = $2, time_zone = $3 WHERE id = $4`,
		a.Name, string(a.Country), a.TimeZone, a.ID))
}
