package sqlstore

import (
	"context"

	"github.com/portdesk/portdesk/internal/domain"
)

const carrierFactCols = `number, carrier_id, carrier_name, losing_carrier, losing_carrier_type, portable, fast_portable,
	not_portable_reason, error, asked_at`

func scanCarrierFacts(r Row) (domain.CarrierNumberFacts, error) {
	var f domain.CarrierNumberFacts
	var at int64
	err := r.Scan(&f.Number, &f.CarrierID, &f.CarrierName, &f.LosingCarrier, &f.LosingCarrierType, &f.Portable, &f.FastPortable,
		&f.NotPortableReason, &f.Error, &at)
	f.AskedAt = fromTS(at)
	return f, err
}

func (s *Queries) CarrierNumberFacts(ctx context.Context, numbers []string) (map[string]domain.CarrierNumberFacts, error) {
	out := map[string]domain.CarrierNumberFacts{}
	for _, c := range chunks(numbers, batch) {
		var b builder
		b.sql.WriteString(`SELECT ` + carrierFactCols + ` FROM carrier_number_facts WHERE number IN ` + b.in(anys(c)))
		rows, err := list(ctx, s, scanCarrierFacts, b.sql.String(), b.args...)
		if err != nil {
			return nil, err
		}
		for _, f := range rows {
			out[f.Number] = f
		}
	}
	return out, nil
}

func (s *Queries) PutCarrierNumberFacts(ctx context.Context, facts []domain.CarrierNumberFacts) error {
	for _, f := range facts {
		if _, err := s.exec(ctx, `INSERT INTO carrier_number_facts (`+carrierFactCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (number) DO UPDATE SET carrier_id = excluded.carrier_id, carrier_name = excluded.carrier_name,
			losing_carrier = excluded.losing_carrier, losing_carrier_type = excluded.losing_carrier_type, portable = excluded.portable,
			fast_portable = excluded.fast_portable, not_portable_reason = excluded.not_portable_reason, error = excluded.error,
			asked_at = excluded.asked_at`,
			f.Number, f.CarrierID, f.CarrierName, f.LosingCarrier, f.LosingCarrierType, f.Portable, f.FastPortable,
			f.NotPortableReason, f.Error, ts(f.AskedAt)); err != nil {
			return err
		}
	}
	return nil
}
