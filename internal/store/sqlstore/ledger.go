package sqlstore

import (
	"context"
	"errors"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

// ledgerCols read an entry e with its reversal r, if any (LEFT JOIN ledger_entries r ON
// r.reverses_id = e.id: reverses_id is unique, so there is at most one), in one query.
const ledgerCols = `e.id, e.account_id, e.kind, e.amount, e.currency, e.description, e.port_in_id, e.port_out_id,
	COALESCE(e.reverses_id, 0), COALESCE(e.charge_key, ''), e.created_by, e.actor_name, e.created_at, COALESCE(r.id, 0)`

const ledgerFrom = ` FROM ledger_entries e LEFT JOIN ledger_entries r ON r.reverses_id = e.id`

func scanLedgerEntry(r Row) (domain.LedgerEntry, error) {
	var e domain.LedgerEntry
	var kind string
	var created int64
	err := r.Scan(&e.ID, &e.AccountID, &kind, &e.Amount.Amount, &e.Amount.Currency, &e.Description, &e.PortInID, &e.PortOutID,
		&e.ReversesID, &e.ChargeKey, &e.CreatedBy, &e.ActorName, &created, &e.ReversedBy)
	e.Kind, e.CreatedAt = domain.LedgerKind(kind), fromTS(created)
	return e, err
}

// nullIfZero stores "none" as NULL, which unique indexes let repeat.
func nullIfZero[T comparable](v T) any {
	var zero T
	if v == zero {
		return nil
	}
	return v
}

// AddLedgerEntry skips a used charge key with ON CONFLICT rather than failing: on PostgreSQL
// a failed statement would abort the change's whole transaction. Only that skip (the insert
// returns no row) is "charged already"; any other error, such as a missing account or
// reversal target (a foreign key, which MapError reports as ErrNotFound), is returned.
func (s *Queries) AddLedgerEntry(ctx context.Context, e *domain.LedgerEntry) (bool, error) {
	err := s.q.QueryRow(ctx, `INSERT INTO ledger_entries (account_id, kind, amount, currency, description, port_in_id,
		port_out_id, reverses_id, charge_key, created_by, actor_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (charge_key) DO NOTHING RETURNING id`,
		e.AccountID, string(e.Kind), e.Amount.Amount, e.Amount.Currency, e.Description, e.PortInID, e.PortOutID,
		nullIfZero(e.ReversesID), nullIfZero(e.ChargeKey), e.CreatedBy, e.ActorName, ts(e.CreatedAt)).Scan(&e.ID)
	if err = s.wrap(err); errors.Is(err, domain.ErrNoRows) && e.ChargeKey != "" {
		return false, nil // the key was used: charged already
	}
	return err == nil, err
}

func (s *Queries) LedgerEntry(ctx context.Context, id int64) (domain.LedgerEntry, error) {
	return one(ctx, s, scanLedgerEntry, `SELECT `+ledgerCols+ledgerFrom+` WHERE e.id = $1`, id)
}

func (s *Queries) LedgerEntries(ctx context.Context, f domain.LedgerFilter) ([]domain.LedgerEntry, error) {
	var b builder
	var where []string
	if f.AccountIDs != nil {
		if len(f.AccountIDs) == 0 {
			return []domain.LedgerEntry{}, nil
		}
		where = append(where, "e.account_id IN "+b.in(anys(f.AccountIDs)))
	}
	if !f.From.IsZero() {
		where = append(where, "e.created_at >= "+b.arg(ts(f.From)))
	}
	if !f.To.IsZero() {
		where = append(where, "e.created_at < "+b.arg(ts(f.To)))
	}
	if f.AfterID > 0 {
		where = append(where, "e.id > "+b.arg(f.AfterID))
	}
	if f.ReversalsOf != nil {
		if len(f.ReversalsOf) == 0 {
			return []domain.LedgerEntry{}, nil
		}
		where = append(where, "e.reverses_id IN "+b.in(anys(f.ReversalsOf)))
	}
	b.sql.WriteString(`SELECT ` + ledgerCols + ledgerFrom)
	if len(where) > 0 {
		b.sql.WriteString(" WHERE " + strings.Join(where, " AND "))
	}
	b.sql.WriteString(" ORDER BY e.id") // entries are appended as they happen: the order they were made
	if f.Limit > 0 {
		b.sql.WriteString(" LIMIT " + b.arg(f.Limit))
	}
	return list(ctx, s, scanLedgerEntry, b.sql.String(), b.args...)
}
