package sqlstore

import (
	"context"
	"errors"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

func (s *Queries) CreateSession(ctx context.Context, se domain.Session) error {
	seen := se.LastSeenAt
	if seen.IsZero() {
		seen = se.CreatedAt
	}
	_, err := s.exec(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		se.TokenHash, se.UserID, se.CSRFToken, ts(se.CreatedAt), ts(se.ExpiresAt), ts(seen))
	return err
}

func (s *Queries) Session(ctx context.Context, hash []byte) (domain.Session, error) {
	return one(ctx, s, func(r Row) (domain.Session, error) {
		var se domain.Session
		var c, e, l int64
		err := r.Scan(&se.TokenHash, &se.UserID, &se.CSRFToken, &c, &e, &l)
		se.CreatedAt, se.ExpiresAt, se.LastSeenAt = fromTS(c), fromTS(e), fromTS(l)
		return se, err
	}, `SELECT token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at FROM sessions WHERE token_hash = $1`, hash)
}

func (s *Queries) TouchSession(ctx context.Context, hash []byte, at time.Time) error {
	_, err := s.exec(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $1`, ts(at), hash)
	return err
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

// userTree scans a user, its account and one account of its subtree, the columns
// userTreeCols reads: a row per account below the user (one with none for the team).
type userTree struct {
	created, accCreated, below int64
	belowVersion               int64
	disabled, removed          *int64
	acc                        domain.Account
	ids, versions              []int64
	moment                     string
}

const userTreeCols = `u.id, COALESCE(u.account_id, 0), u.staff, u.role, u.email, u.name, u.password_hash, u.created_at, u.disabled_at, u.removed_at,
		COALESCE(a.id, 0), COALESCE(a.parent_id, 0), COALESCE(a.name, ''), COALESCE(a.country, ''), COALESCE(a.time_zone, ''), COALESCE(a.created_at, 0),
		COALESCE(s.account_id, 0), COALESCE(sa.port_ins_version, 0)`

// userTreeJoin joins the user (u) to its account (a) and each account of its subtree (s)
// with its list version (sa); on stands for the user's id in the row it joins.
func (s *Queries) userTreeJoin(on string) string {
	return `JOIN users u ON u.id = ` + on + ` LEFT JOIN accounts a ON a.id = u.account_id LEFT JOIN account_tree s ON s.ancestor_id = u.account_id` + s.versionJoin("sa", "s.account_id")
}

func (x *userTree) dest(u *domain.User) []any {
	return []any{&u.ID, &u.AccountID, &u.Staff, &u.Role, &u.Email, &u.Name, &u.PasswordHash, &x.created, &x.disabled, &x.removed,
		&x.acc.ID, &x.acc.ParentID, &x.acc.Name, &x.acc.Country, &x.acc.TimeZone, &x.accCreated, &x.below, &x.belowVersion, &x.moment}
}

// row finishes the user and keeps the row's account of the subtree.
func (x *userTree) row(u *domain.User) {
	u.CreatedAt, u.DisabledAt, u.RemovedAt = fromTS(x.created), fromTSPtr(x.disabled), fromTSPtr(x.removed)
	x.acc.CreatedAt = fromTS(x.accCreated)
	if x.below != 0 {
		x.ids, x.versions = append(x.ids, x.below), append(x.versions, x.belowVersion)
	}
}

// subtree is what was read of the user's account: nil for the porting team.
func (x *userTree) subtree() *domain.Subtree {
	if x.acc.ID == 0 {
		return nil
	}
	return &domain.Subtree{Root: x.acc.ID, IDs: x.ids, ListVersions: x.versions, Account: x.acc}
}

// withUserTree reads `SELECT head, userTreeCols, moment FROM from` joined to the user whose
// id is on, where where holds for arg: a row per account of the user's subtree, each scanned
// into dest and finished by done. The moment is the statement's own (Moments), so that it is
// the one the sign-in was read at.
func (s *Queries) withUserTree(ctx context.Context, head, from, on, where string, arg any, dest func() []any, done func()) (domain.SignIn, error) {
	var u domain.User
	var x userTree
	rows, err := list(ctx, s, func(r Row) (bool, error) {
		err := r.Scan(append(dest(), x.dest(&u)...)...)
		done()
		x.row(&u)
		return true, err
	}, `SELECT `+head+`, `+userTreeCols+`, `+s.moment+` FROM `+from+` `+s.userTreeJoin(on)+` WHERE `+where+` ORDER BY s.account_id`, arg)
	if err != nil {
		return domain.SignIn{User: u}, err
	}
	if len(rows) == 0 {
		return domain.SignIn{User: u}, domain.ErrNoRows
	}
	return domain.SignIn{User: u, Subtree: x.subtree(), Moment: domain.Moment(x.moment)}, nil
}

// APITokenUser reads a token and its user in one statement: every API request does it.
func (s *Queries) APITokenUser(ctx context.Context, hash []byte) (domain.APIToken, domain.SignIn, error) {
	var t domain.APIToken
	var tc int64
	var used, revoked *int64
	in, err := s.withUserTree(ctx, `t.id, t.user_id, t.name, t.prefix, t.hash, t.created_at, t.last_used_at, t.revoked_at`,
		`api_tokens t`, "t.user_id", "t.hash = $1", hash,
		func() []any { return []any{&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.Hash, &tc, &used, &revoked} },
		func() { t.CreatedAt, t.LastUsedAt, t.RevokedAt = fromTS(tc), fromTSPtr(used), fromTSPtr(revoked) })
	return t, in, err
}

// SessionUser reads a session, its user and the user's subtree in one statement: every
// page of the UI does it.
func (s *Queries) SessionUser(ctx context.Context, hash []byte) (domain.Session, domain.SignIn, error) {
	var se domain.Session
	var c, e, l int64
	in, err := s.withUserTree(ctx, `se.token_hash, se.user_id, se.csrf_token, se.created_at, se.expires_at, se.last_seen_at`,
		`sessions se`, "se.user_id", "se.token_hash = $1", hash,
		func() []any { return []any{&se.TokenHash, &se.UserID, &se.CSRFToken, &c, &e, &l} },
		func() { se.CreatedAt, se.ExpiresAt, se.LastSeenAt = fromTS(c), fromTS(e), fromTS(l) })
	return se, in, err
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

// ReserveLoginAttempt is one statement that counts and inserts: on SQLite it is atomic by
// itself (one writer); on PostgreSQL the engine runs it in a transaction holding an
// advisory lock per key, because a statement's snapshot would not see parallel inserts.
// The engines' Store wraps it so; called on a Tx it relies on the engine's Tx doing the same.
func (s *Queries) ReserveLoginAttempt(ctx context.Context, keys []string, limits []int, since, at time.Time) (bool, error) {
	if len(keys) == 0 || len(keys) != len(limits) {
		return false, domain.Internal(errors.New("login attempt: keys and limits differ"))
	}
	var b builder
	b.sql.WriteString(`WITH lim (key, lim) AS (`)
	for i, k := range keys {
		if i > 0 {
			b.sql.WriteString(` UNION ALL `)
		}
		b.sql.WriteString(`SELECT CAST(` + b.arg(k) + ` AS TEXT), CAST(` + b.arg(int64(limits[i])) + ` AS BIGINT)`)
	}
	b.sql.WriteString(`) INSERT INTO login_attempts (key, at) SELECT key, ` + b.arg(ts(at)) + ` FROM lim
		WHERE NOT EXISTS (SELECT 1 FROM lim l WHERE (SELECT COUNT(*) FROM login_attempts a WHERE a.key = l.key AND a.at > ` + b.arg(ts(since)) + `) >= l.lim)`)
	n, err := s.exec(ctx, b.sql.String(), b.args...)
	return n > 0, err
}

func (s *Queries) ReleaseLoginAttempt(ctx context.Context, key string, at time.Time) error {
	_, err := s.exec(ctx, `DELETE FROM login_attempts WHERE id = (SELECT MAX(id) FROM login_attempts WHERE key = $1 AND at = $2)`, key, ts(at))
	return err
}

func (s *Queries) ClearLoginAttempts(ctx context.Context, key string) error {
	_, err := s.exec(ctx, `DELETE FROM login_attempts WHERE key = $1`, key)
	return err
}

func (s *Queries) DeleteLoginAttempts(ctx context.Context, before time.Time) (int, error) {
	n, err := s.exec(ctx, `DELETE FROM login_attempts WHERE at <= $1`, ts(before))
	return int(n), err
}
