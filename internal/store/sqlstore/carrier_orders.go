package sqlstore

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

const carrierOrderCols = `id, port_in_id, carrier_id, ref, numbers, status, foc, exceptions, submitted, comments, next_poll_at, polls, created_at, updated_at, foc_windows`

func scanCarrierOrder(r Row) (domain.CarrierOrder, error) {
	var o domain.CarrierOrder
	var numbers, status, exceptions, comments, windows string
	var foc *int64
	var next, created, updated int64
	if err := r.Scan(&o.ID, &o.PortInID, &o.CarrierID, &o.Ref, &numbers, &status, &foc, &exceptions, &o.Submitted, &comments,
		&next, &o.Polls, &created, &updated, &windows); err != nil {
		return o, err
	}
	if err := json.Unmarshal([]byte(windows), &o.FOCWindows); err != nil || len(o.FOCWindows) == 0 {
		o.FOCWindows = nil // none; unreadable only if hand-edited
	}
	o.Numbers, o.Comments, o.Status = stringsOf(numbers), stringsOf(comments), domain.CarrierStatus(status)
	o.FOC, o.NextPollAt, o.CreatedAt, o.UpdatedAt = fromTSPtr(foc), fromTS(next), fromTS(created), fromTS(updated)
	if err := json.Unmarshal([]byte(exceptions), &o.Exceptions); err != nil || len(o.Exceptions) == 0 {
		o.Exceptions = nil // none; unreadable only if hand-edited
	}
	return o, nil
}

func windowsJSON(ws []domain.FOCWindow) string {
	out := make([]domain.FOCWindow, len(ws))
	for i, w := range ws { // in UTC, as every time is kept
		out[i] = domain.FOCWindow{From: w.From.UTC(), To: w.To.UTC()}
	}
	b, _ := json.Marshal(out) // times only: cannot fail
	return string(b)
}

func exceptionsJSON(es []domain.CarrierException) string {
	if es == nil {
		es = []domain.CarrierException{}
	}
	b, _ := json.Marshal(es) // strings only: cannot fail
	return string(b)
}

func (s *Queries) AddCarrierOrder(ctx context.Context, o *domain.CarrierOrder) error {
	return s.wrap(s.q.QueryRow(ctx, `INSERT INTO carrier_orders (port_in_id, carrier_id, ref, numbers, status, foc, exceptions, submitted,
		comments, next_poll_at, polls, created_at, updated_at, foc_windows) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		o.PortInID, o.CarrierID, o.Ref, eventsJSON(o.Numbers), string(o.Status), tsPtr(o.FOC), exceptionsJSON(o.Exceptions), o.Submitted,
		eventsJSON(o.Comments), ts(o.NextPollAt), o.Polls, ts(o.CreatedAt), ts(o.UpdatedAt), windowsJSON(o.FOCWindows)).Scan(&o.ID))
}

func (s *Queries) UpdateCarrierOrder(ctx context.Context, o *domain.CarrierOrder) error {
	return notFoundIfNone(s.exec(ctx, `UPDATE carrier_orders SET numbers = $1, status = $2, foc = $3, exceptions = $4, submitted = $5,
		next_poll_at = $6, polls = $7, updated_at = $8, foc_windows = $9 WHERE id = $10`,
		eventsJSON(o.Numbers), string(o.Status), tsPtr(o.FOC), exceptionsJSON(o.Exceptions), o.Submitted,
		ts(o.NextPollAt), o.Polls, ts(o.UpdatedAt), windowsJSON(o.FOCWindows), o.ID))
}

// ClaimCarrierComment compares the ids as written, in the one JSON both engines write them
// in: on PostgreSQL a second claimer waits on the row and then finds it changed.
func (s *Queries) ClaimCarrierComment(ctx context.Context, id int64, seen []string, comment string) error {
	n, err := s.exec(ctx, `UPDATE carrier_orders SET comments = $1 WHERE id = $2 AND comments = $3`,
		eventsJSON(append(slices.Clone(seen), comment)), id, eventsJSON(seen))
	if err != nil {
		return err
	}
	if n == 0 {
		return domain.Errorf(domain.ErrConflict, "the carrier order's comments changed since they were read")
	}
	return nil
}

func (s *Queries) CarrierOrders(ctx context.Context, portInID int64) ([]domain.CarrierOrder, error) {
	return list(ctx, s, scanCarrierOrder, `SELECT `+carrierOrderCols+` FROM carrier_orders WHERE port_in_id = $1 ORDER BY id`, portInID)
}

func (s *Queries) CarrierOrderByRef(ctx context.Context, carrierID int64, ref string) (domain.CarrierOrder, error) {
	return one(ctx, s, scanCarrierOrder, `SELECT `+carrierOrderCols+` FROM carrier_orders WHERE carrier_id = $1 AND ref = $2`, carrierID, ref)
}

func (s *Queries) CarrierOrdersDue(ctx context.Context, at time.Time, limit int) ([]domain.CarrierOrder, error) {
	return list(ctx, s, scanCarrierOrder, `SELECT `+carrierOrderCols+` FROM carrier_orders
		WHERE status NOT IN ('ported', 'cancelled') AND next_poll_at <= $1 ORDER BY next_poll_at, id LIMIT $2`, ts(at), limit)
}

const carrierCallCols = `id, port_in_id, carrier_id, operation, request, status, error, at, took_us`

func scanCarrierCall(r Row) (domain.CarrierCall, error) {
	var c domain.CarrierCall
	var at, took int64
	if err := r.Scan(&c.ID, &c.PortInID, &c.CarrierID, &c.Operation, &c.Request, &c.Status, &c.Error, &at, &took); err != nil {
		return c, err
	}
	c.At, c.Took = fromTS(at), time.Duration(took)*time.Microsecond
	return c, nil
}

func (s *Queries) AddCarrierCall(ctx context.Context, c *domain.CarrierCall) error {
	return s.wrap(s.q.QueryRow(ctx, `INSERT INTO carrier_calls (port_in_id, carrier_id, operation, request, status, error, at, took_us)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		c.PortInID, c.CarrierID, c.Operation, c.Request, c.Status, c.Error, ts(c.At), c.Took.Microseconds()).Scan(&c.ID))
}

func (s *Queries) CarrierCalls(ctx context.Context, portInID int64) ([]domain.CarrierCall, error) {
	return list(ctx, s, scanCarrierCall, `SELECT `+carrierCallCols+` FROM carrier_calls WHERE port_in_id = $1 ORDER BY id DESC`, portInID)
}
