package sqlstore

import (
	"context"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

func (s *Queries) PortOutProtection(ctx context.Context, accountID int64) (domain.PortOutProtection, error) {
	p, err := one(ctx, s, func(r Row) (domain.PortOutProtection, error) {
		var p domain.PortOutProtection
		var pinSet, lockedAt *int64
		var updated int64
		err := r.Scan(&p.AccountID, &p.PINHash, &pinSet, &p.RecordName, &p.RecordPostcode, &p.Locked, &lockedAt, &p.AutoAuthorizeDays, &updated)
		p.PINSetAt, p.LockedAt, p.UpdatedAt = fromTSPtr(pinSet), fromTSPtr(lockedAt), fromTS(updated)
		return p, err
	}, `SELECT account_id, pin_hash, pin_set_at, record_name, record_postcode, locked, locked_at, auto_authorize_days, updated_at
		FROM port_out_protection WHERE account_id = $1`, accountID)
	if domain.IsCode(err, domain.ErrNotFound) {
		return domain.PortOutProtection{AccountID: accountID}, nil // nothing set: no protection yet
	}
	return p, err
}

func (s *Queries) SavePortOutProtection(ctx context.Context, p *domain.PortOutProtection) error {
	_, err := s.exec(ctx, `INSERT INTO port_out_protection (account_id, pin_hash, pin_set_at, record_name, record_postcode, locked,
		locked_at, auto_authorize_days, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (account_id) DO UPDATE SET pin_hash = excluded.pin_hash, pin_set_at = excluded.pin_set_at,
			record_name = excluded.record_name, record_postcode = excluded.record_postcode, locked = excluded.locked,
			locked_at = excluded.locked_at, auto_authorize_days = excluded.auto_authorize_days, updated_at = excluded.updated_at`,
		p.AccountID, p.PINHash, tsPtr(p.PINSetAt), p.RecordName, p.RecordPostcode, p.Locked, tsPtr(p.LockedAt), p.AutoAuthorizeDays, ts(p.UpdatedAt))
	return err
}

const lockCols = `number, account_id, locked_by, actor_name, locked_at`

func scanLock(r Row) (domain.NumberLock, error) {
	var l domain.NumberLock
	var at int64
	err := r.Scan(&l.Number, &l.AccountID, &l.LockedBy, &l.ActorName, &at)
	l.LockedAt = fromTS(at)
	return l, err
}

func (s *Queries) LockNumber(ctx context.Context, l *domain.NumberLock) error {
	// Locking a locked number keeps the first lock: who locked it, and when.
	_, err := s.exec(ctx, `INSERT INTO port_out_number_locks (number, account_id, locked_by, actor_name, locked_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (number) DO NOTHING`, l.Number, l.AccountID, l.LockedBy, l.ActorName, ts(l.LockedAt))
	return err
}

func (s *Queries) UnlockNumber(ctx context.Context, number string) error {
	_, err := s.exec(ctx, `DELETE FROM port_out_number_locks WHERE number = $1`, number)
	return err
}

func (s *Queries) NumberLocks(ctx context.Context, numbers []string) (map[string]domain.NumberLock, error) {
	out := map[string]domain.NumberLock{}
	for _, c := range chunks(numbers, batch) {
		var b builder
		b.sql.WriteString(`SELECT ` + lockCols + ` FROM port_out_number_locks WHERE number IN ` + b.in(anys(c)))
		rows, err := list(ctx, s, scanLock, b.sql.String(), b.args...)
		if err != nil {
			return nil, err
		}
		for _, l := range rows {
			out[l.Number] = l
		}
	}
	return out, nil
}

func (s *Queries) AccountNumberLocks(ctx context.Context, accountID int64) ([]domain.NumberLock, error) {
	return list(ctx, s, scanLock, `SELECT `+lockCols+` FROM port_out_number_locks WHERE account_id = $1 ORDER BY number`, accountID)
}

func (s *Queries) SetInventoryStatus(ctx context.Context, accountID int64, numbers []string, from, to domain.InventoryStatus, at time.Time) ([]string, error) {
	var out []string
	for _, c := range chunks(numbers, batch) {
		var b builder
		b.sql.WriteString(`UPDATE inventory_numbers SET status = ` + b.arg(string(to)) + `, updated_at = ` + b.arg(ts(at)) +
			` WHERE account_id = ` + b.arg(accountID) + ` AND status = ` + b.arg(string(from)) + ` AND number IN ` + b.in(anys(c)) + ` RETURNING number`)
		got, err := list(ctx, s, scanString, b.sql.String(), b.args...)
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
	}
	return out, nil
}

func (s *Queries) ReleaseInventoryNumbers(ctx context.Context, accountID int64, numbers []string, at time.Time) ([]string, error) {
	var out []string
	for _, c := range chunks(numbers, batch) {
		var b builder
		b.sql.WriteString(`UPDATE inventory_numbers SET status = ` + b.arg(string(domain.InventoryReleased)) + `, receiving_number = '',
			tracking_source = '', sms = ` + b.arg(string(domain.SMSUnsupported)) + `, updated_at = ` + b.arg(ts(at)) +
			` WHERE account_id = ` + b.arg(accountID) + ` AND status = ` + b.arg(string(domain.InventoryPortingOut)) +
			` AND number IN ` + b.in(anys(c)) + ` RETURNING number`)
		got, err := list(ctx, s, scanString, b.sql.String(), b.args...)
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
		if len(got) == 0 {
			continue
		}
		// A released number is no longer the account's to lock.
		var d builder
		d.sql.WriteString(`DELETE FROM port_out_number_locks WHERE account_id = ` + d.arg(accountID) + ` AND number IN ` + d.in(anys(got)))
		if _, err := s.exec(ctx, d.sql.String(), d.args...); err != nil {
			return nil, err
		}
	}
	return out, nil
}
