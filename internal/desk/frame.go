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

// VisibleScoped is Visible that also gives the actor's scope (nil for the porting team).
func (k Kind[T]) VisibleScoped(ctx context.Context, d *Desk, q domain.Queries, a domain.Actor, id int64) (T, Scope, error) {
	return VisibleScoped(ctx, d, q, a, k.Name, func() (T, error) { return k.Load(ctx, q, id) }, T.Owner)
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

// Frame is the frame every change to one kind of tracked thing goes through: it finds the
// thing in the actor's scope, checks the version, runs the change in one transaction, and
// records its events with what they send. S is the kind's status type, which its events
// carry.
type Frame[T domain.Tracked, S ~string] struct {
	desk *Desk
	kind Kind[T]
	// send writes, in the event's transaction, what an event of this kind sends (its outbox
	// rows and jobs).
	send func(ctx context.Context, tx domain.Tx, t T, e domain.Event[S]) error
}

// NewFrame binds the desk to a kind and to what its events send.
func NewFrame[T domain.Tracked, S ~string](d *Desk, k Kind[T], send func(ctx context.Context, tx domain.Tx, t T, e domain.Event[S]) error) Frame[T, S] {
	return Frame[T, S]{desk: d, kind: k, send: send}
}

// Kind is the kind the frame changes.
func (f Frame[T, S]) Kind() Kind[T] { return f.kind }

// Visible loads one the actor may see: another account's is not found, like a missing one.
func (f Frame[T, S]) Visible(ctx context.Context, q domain.Queries, a domain.Actor, id int64) (T, error) {
	return f.kind.Visible(ctx, f.desk, q, a, id)
}

// VisibleScoped is Visible that also gives the actor's scope (nil for the porting team).
func (f Frame[T, S]) VisibleScoped(ctx context.Context, q domain.Queries, a domain.Actor, id int64) (T, Scope, error) {
	return f.kind.VisibleScoped(ctx, f.desk, q, a, id)
}

// Change runs fn on a thing the actor sees, at the version the actor named, in one
// transaction: the frame of every change to a port-in or a port-out. What fn records (see
// Record) commits with the change or not at all. op is the change's name as people say it
// ("submit", "cancel", "record FOC of"): an error comes back as "submit port-in request 12:
// …", so the use case built on Change wraps it no further.
func (f Frame[T, S]) Change(ctx context.Context, op string, a domain.Actor, id, version int64, fn func(tx domain.Tx, t *T) error) (T, error) {
	var t T
	err := f.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		if t, err = f.Visible(ctx, tx, a, id); err != nil {
			return err
		}
		if err := CheckVersion(f.kind.Name, t.Revision(), version); err != nil {
			return err
		}
		return fn(tx, &t)
	})
	f.kind.Wrap(&err, op, id)
	return t, err
}

// Job runs fn on a thing for a background job, in one transaction, as the operator: with no
// version to check (a job checks what it was set for) and nothing to do when the thing is
// gone (a draft deleted since, say). op names the job in its errors: "FOC completion" reads
// "FOC completion of port-in request 12: …".
func (f Frame[T, S]) Job(ctx context.Context, op string, id int64, fn func(tx domain.Tx, t *T) error) error {
	err := f.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		t, err := f.kind.Load(ctx, tx, id)
		if domain.IsCode(err, domain.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return fn(tx, &t)
	})
	Wrap(&err, "%s of %s %d", op, f.kind.Name, id)
	return err
}

// Record writes an event about t in the change's transaction, stamped with its subject, its
// account, who acted and when, then what the event sends. All of it commits with the change
// or not at all.
func (f Frame[T, S]) Record(ctx context.Context, tx domain.Tx, a domain.Actor, t T, e domain.Event[S]) error {
	return f.RecordSending(ctx, tx, a, t, e, func(e domain.Event[S]) error { return f.send(ctx, tx, t, e) })
}

// RecordSending is Record with what this one event sends instead of what the kind's events
// send (a note's webhook carries the note; a completion's names the numbers released; nil:
// nothing).
func (f Frame[T, S]) RecordSending(ctx context.Context, tx domain.Tx, a domain.Actor, t T, e domain.Event[S], send func(domain.Event[S]) error) error {
	e.Subject, e.AccountID = t.Subject(), t.Owner()
	e.ActorID, e.ActorName, e.At = a.UserID, ActorName(a), f.desk.Now()
	stored := e.Stored()
	if err := tx.AddEvent(ctx, &stored); err != nil {
		return fmt.Errorf("record %s of %s %d: %w", e.Type, f.kind.Name, e.Subject.ID, err)
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
