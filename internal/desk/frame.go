package desk

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/portdesk/portdesk/internal/domain"
)

// Kind tells the frame how to find and name one kind of tracked thing (port-ins, port-outs).
type Kind[T domain.Tracked] struct {
	Name string // as people read it: "port-in request", "port-out"
	Load func(ctx context.Context, q domain.Queries, id int64) (T, error)
}

// Visible loads one the actor may see: another account's is not found, like a missing one.
func (k Kind[T]) Visible(ctx context.Context, d *Desk, q domain.Queries, a domain.Actor, id int64) (T, error) {
	return Visible(ctx, d, q, a, k.Name, func() (T, error) { return k.Load(ctx, q, id) }, T.Owner)
}

// CheckVersion is the optimistic lock of every change: the version the actor names must be
// the one stored, so that nobody overwrites what they have not seen.
func CheckVersion(what string, stored, given int64) error {
	if given <= 0 {
		return domain.Errorf(domain.ErrVersionRequired, "send the version of the %s you last read with every change", what)
	}
	if given != stored {
		return domain.Errorf(domain.ErrStale, "the %s has changed since version %d (it is now at version %d): reload it and try again", what, given, stored)
	}
	return nil
}

// Wrap names, in front of *errp, the operation op on the thing id of this kind: "submit
// port-in request 12: …". A use case does it once, at its boundary (deferred, or before an
// early return); a nil error stays nil, and errors.As still finds what it wraps.
func (k Kind[T]) Wrap(errp *error, op string, id int64) {
	Wrap(errp, "%s %s %d", op, k.Name, id)
}

// Change runs fn on a thing the actor sees, at the version the actor named, in one
// transaction: the frame of every change to a port-in or a port-out. What fn records (see
// Record) commits with the change or not at all. op is the change's name as people say it
// ("submit", "cancel", "record FOC of"): an error comes back as "submit port-in request 12:
// …", so the use case built on Change wraps it no further.
func Change[T domain.Tracked](ctx context.Context, d *Desk, k Kind[T], op string, a domain.Actor, id, version int64, fn func(tx domain.Tx, t *T) error) (T, error) {
	var t T
	err := d.Store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		if t, err = k.Visible(ctx, d, tx, a, id); err != nil {
			return err
		}
		if err := CheckVersion(k.Name, t.Revision(), version); err != nil {
			return err
		}
		return fn(tx, &t)
	})
	k.Wrap(&err, op, id)
	return t, err
}

// Record writes an event about t in the change's transaction, stamped with its subject, its
// account, who acted and when, then hands it (with its ID) to send, which writes what the
// event causes: its outbox rows (webhook deliveries) and jobs (emails). All of it commits
// with the change or not at all.
func Record[S ~string](ctx context.Context, tx domain.Tx, d *Desk, a domain.Actor, t domain.Tracked, e domain.Event[S],
	send func(domain.Event[S]) error) error {
	e.Subject, e.AccountID = t.Subject(), t.Owner()
	e.ActorID, e.ActorName, e.At = a.UserID, ActorName(a), d.Now()
	stored := e.Stored()
	if err := tx.AddEvent(ctx, &stored); err != nil {
		return fmt.Errorf("record %s of %s %d: %w", e.Type, e.Subject.Kind, e.Subject.ID, err)
	}
	e.ID = stored.ID
	if send == nil {
		return nil
	}
	return send(e)
}

// Audit records a change to something that is not a port (an agreement, a price table, a
// carrier, an account's settings), with its new value, in the change's transaction.
func (d *Desk) Audit(ctx context.Context, tx domain.Tx, a domain.Actor, subject, action string, value any) error {
	detail := ""
	switch v := value.(type) {
	case nil:
	case string:
		detail = v
	default:
		b, err := json.Marshal(value)
		if err != nil {
			return fmt.Errorf("audit %s %s: %w", subject, action, err)
		}
		detail = string(b)
	}
	return tx.AddAudit(ctx, &domain.AuditEntry{Subject: subject, ActorID: a.UserID, ActorName: ActorName(a), Action: action, Detail: detail, At: d.Now()})
}
