package delivery

import (
	"context"
	"slices"

	"github.com/portdesk/portdesk/internal/domain"
)

// carrierSync enqueues, in the event's transaction, the job that takes a change of ours to
// the carriers holding the request's orders by API: the customer's fix resubmitted, a
// cancel, or a note the customer can read (not the desk's own, which carry the carrier's).
func carrierSync(ctx context.Context, tx domain.Tx, p domain.PortIn, e domain.PortInEvent, note *domain.Note) error {
	resubmit := e.Type == domain.EventStatusChanged && e.From == domain.StatusActionRequired && e.To == domain.StatusSubmitted
	cancel := e.Type == domain.EventStatusChanged && e.To == domain.StatusCancelled
	ours := note != nil && !note.Internal && note.AuthorID != 0
	if e.Type == domain.EventNumbersAdded {
		return carrierLookup(ctx, tx, p)
	}
	if e.Type == domain.EventStatusChanged && e.From == domain.StatusDraft && e.To == domain.StatusSubmitted {
		// Whether the carrier takes this request's country is the job's to find out.
		cs, err := tx.Carriers(ctx)
		if err != nil || !slices.ContainsFunc(cs, func(c domain.Carrier) bool { return c.AutoSend && c.Kind.ByAPI() }) {
			return err
		}
		return tx.EnqueueJob(ctx, domain.Job{Kind: domain.JobCarrierAuto, Args: domain.CarrierAutoArgs{PortInID: p.ID}})
	}
	if !resubmit && !cancel && !ours {
		return nil
	}
	parts, err := tx.CarrierOrders(ctx, p.ID)
	if err != nil || len(parts) == 0 {
		return err
	}
	args := domain.CarrierSyncArgs{PortInID: p.ID, EventID: e.ID}
	if ours {
		args.NoteID = note.ID
	}
	return tx.EnqueueJob(ctx, domain.Job{Kind: domain.JobCarrierSync, Args: args})
}

// carrierLookup enqueues, in the transaction of numbers added to a request, the ask of the
// API carrier that answers for US and Canadian numbers, if one is set up: which carrier
// holds each number and whether it can port are then read from its answers, never asked
// while a page waits. Which numbers need asking is the job's to find out.
func carrierLookup(ctx context.Context, tx domain.Tx, p domain.PortIn) error {
	cs, err := tx.Carriers(ctx)
	if err != nil || !slices.ContainsFunc(cs, domain.Carrier.MayLookUpNANP) {
		return err
	}
	return tx.EnqueueJob(ctx, domain.Job{Kind: domain.JobCarrierLookup, Args: domain.CarrierLookupArgs{PortInID: p.ID}})
}
