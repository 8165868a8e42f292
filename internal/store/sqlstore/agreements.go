package sqlstore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

const agreementCols = `id, country, provider, former_names, categories, portable, route, notes, updated_at`

func scanAgreement(r Row) (domain.PortingAgreement, error) {
	var a domain.PortingAgreement
	var former, cats string
	var at int64
	if err := r.Scan(&a.ID, &a.Country, &a.Provider, &former, &cats, &a.Portable, &a.Route, &a.Notes, &at); err != nil {
		return a, err
	}
	a.UpdatedAt = fromTS(at)
	if err := json.Unmarshal([]byte(former), &a.FormerNames); err != nil {
		return a, err
	}
	return a, json.Unmarshal([]byte(cats), &a.Categories)
}

func agreementLists(a *domain.PortingAgreement) (former, cats string) {
	f, c := a.FormerNames, a.Categories
	if f == nil {
		f = []string{}
	}
	if c == nil {
		c = []string{}
	}
	fb, _ := json.Marshal(f) // string slices: cannot fail
	cb, _ := json.Marshal(c)
	return string(fb), string(cb)
}

func (s *Queries) CreatePortingAgreement(ctx context.Context, a *domain.PortingAgreement) error {
	former, cats := agreementLists(a)
	if err := s.wrap(s.q.QueryRow(ctx, `INSERT INTO porting_agreements (country, provider, former_names, categories, portable, route, notes, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		a.Country, a.Provider, former, cats, string(a.Portable), string(a.Route), a.Notes, ts(a.UpdatedAt)).Scan(&a.ID)); err != nil {
		return err
	}
	return s.agreementsChanged(ctx)
}

func (s *Queries) UpdatePortingAgreement(ctx context.Context, a *domain.PortingAgreement) error {
	former, cats := agreementLists(a)
	if err := notFoundIfNone(s.exec(ctx, `UPDATE porting_agreements SET country = $1, provider = $2, former_names = $3, categories = $4,
		portable = $5, route = $6, notes = $7, updated_at = $8 WHERE id = $9`,
		a.Country, a.Provider, former, cats, string(a.Portable), string(a.Route), a.Notes, ts(a.UpdatedAt), a.ID)); err != nil {
		return err
	}
	return s.agreementsChanged(ctx)
}

func (s *Queries) DeletePortingAgreement(ctx context.Context, id int64) error {
	if err := notFoundIfNone(s.exec(ctx, `DELETE FROM porting_agreements WHERE id = $1`, id)); err != nil {
		return err
	}
	return s.agreementsChanged(ctx)
}

// agreementsChanged moves the agreements' version, after the change: a reader that reads
// the version and then the rows keeps, at worst, newer rows under an older version, which
// the next reader replaces.
func (s *Queries) agreementsChanged(ctx context.Context) error {
	_, err := s.exec(ctx, `UPDATE porting_agreements_version SET version = version + 1 WHERE id = 1`)
	return err
}

func (s *Queries) PortingAgreementsVersion(ctx context.Context) (int64, error) {
	return one(ctx, s, func(r Row) (int64, error) {
		var v int64
		return v, r.Scan(&v)
	}, `SELECT version FROM porting_agreements_version WHERE id = 1`)
}

func (s *Queries) PortingAgreement(ctx context.Context, id int64) (domain.PortingAgreement, error) {
	return one(ctx, s, scanAgreement, `SELECT `+agreementCols+` FROM porting_agreements WHERE id = $1`, id)
}

func (s *Queries) PortingAgreements(ctx context.Context) ([]domain.PortingAgreement, error) {
	return list(ctx, s, scanAgreement, `SELECT `+agreementCols+` FROM porting_agreements ORDER BY country, provider, id`)
}

func (s *Queries) AddAudit(ctx context.Context, e *domain.AuditEntry) error {
	return s.wrap(s.q.QueryRow(ctx, `INSERT INTO audit_log (subject, actor_id, actor_name, action, detail, at)
		VALUES ($1, NULLIF(CAST($2 AS BIGINT), 0), $3, $4, $5, $6) RETURNING id`,
		e.Subject, e.ActorID, e.ActorName, e.Action, e.Detail, ts(e.At)).Scan(&e.ID))
}

func (s *Queries) AuditLog(ctx context.Context, subjectPrefix string, limit int) ([]domain.AuditEntry, error) {
	if limit <= 0 {
		limit = 100
	}
	return list(ctx, s, func(r Row) (domain.AuditEntry, error) {
		var e domain.AuditEntry
		var at int64
		err := r.Scan(&e.ID, &e.Subject, &e.ActorID, &e.ActorName, &e.Action, &e.Detail, &at)
		e.At = fromTS(at)
		return e, err
	}, `SELECT id, subject, COALESCE(actor_id, 0), actor_name, action, detail, at FROM audit_log
		WHERE subject LIKE CAST($1 AS TEXT) || '%' ORDER BY id DESC LIMIT $2`, subjectPrefix, limit)
}

func (s *Queries) Setting(ctx context.Context, key string) (string, error) {
	return one(ctx, s, func(r Row) (string, error) {
		var v string
		return v, r.Scan(&v)
	}, `SELECT value FROM settings WHERE key = $1`, key)
}

func (s *Queries) SetSetting(ctx context.Context, key, value string, at time.Time) error {
	_, err := s.exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, key, value, ts(at))
	return err
}
