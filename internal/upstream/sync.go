package upstream

import (
	"context"
	"slices"
	"strconv"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// Sync takes a change of ours to the carrier: a request the customer fixed and resubmitted
// has its details written again on each part the carrier refused, and those are submitted
// again; a cancelled request is cancelled there; a note the customer can read is posted as a
// comment. Safe to run again: a part already resubmitted is in process, one cancelled stays
// so, and a note is posted under its own id once per part.
func (s *Service) Sync(ctx context.Context, args domain.CarrierSyncArgs) (err error) {
	defer desk.Wrap(&err, "follow up port-in request %d at its carriers", args.PortInID)
	p, err := s.desk.Store.PortIn(ctx, args.PortInID)
	if domain.IsCode(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	parts, err := s.desk.Store.CarrierOrders(ctx, p.ID)
	if err != nil {
		return err
	}
	var note *domain.Note
	if args.NoteID != 0 {
		ns, err := s.desk.Store.Notes(ctx, p.ID, false)
		if err != nil {
			return err
		}
		for i := range ns {
			if ns[i].ID == args.NoteID {
				note = &ns[i]
			}
		}
	}
	sessions := map[int64]*session{}
	defer func() {
		for _, ss := range sessions {
			if kerr := s.keep(context.WithoutCancel(ctx), ss, p.ID); err == nil {
				err = kerr
			}
		}
	}()
	var req *domain.CarrierOrderRequest
	var docs []domain.CarrierDocument
	for _, o := range parts {
		if !o.Status.Open() {
			continue
		}
		ss, ok := sessions[o.CarrierID]
		if !ok {
			c, err := s.desk.Store.Carrier(ctx, o.CarrierID)
			if domain.IsCode(err, domain.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if ss, err = s.connect(c); err != nil {
				return err
			}
			sessions[o.CarrierID] = ss
		}
		switch {
		case p.Status == domain.StatusCancelled:
			if err := ss.Cancel(ctx, o.Ref); err != nil {
				return err
			}
			o.Status, o.UpdatedAt = domain.CarrierCancelled, s.desk.Now()
			if err := s.desk.Store.UpdateCarrierOrder(ctx, &o); err != nil {
				return err
			}
		case note != nil:
			if slices.Contains(o.Comments, noteRef(note.ID)) {
				continue
			}
			if err := ss.AddComment(ctx, o.Ref, note.Body); err != nil {
				return err
			}
			if err := s.posted(ctx, o, noteRef(note.ID)); err != nil {
				return err
			}
		case p.Status == domain.StatusSubmitted && (o.Status == domain.CarrierRefused || !o.Submitted):
			if req == nil {
				r, err := s.request(ctx, p, o.CarrierID)
				if err != nil {
					return err
				}
				if docs, err = s.documents(ctx, p); err != nil {
					return err
				}
				req = &r
			}
			if err := s.submitPart(ctx, ss, &o, *req, docs); err != nil {
				return err
			}
			if err := s.settle(ctx, o, false); err != nil { // back in progress
				return err
			}
		}
	}
	return nil
}

// posted records a note of ours posted on a part, whatever other comment ids were claimed
// on it since it was read.
func (s *Service) posted(ctx context.Context, o domain.CarrierOrder, ref string) error {
	for range 5 {
		err := s.desk.Store.ClaimCarrierComment(ctx, o.ID, o.Comments, ref)
		if !domain.IsCode(err, domain.ErrConflict) {
			return err
		}
		if o, err = s.desk.Store.CarrierOrderByRef(ctx, o.CarrierID, o.Ref); err != nil {
			return err
		}
		if slices.Contains(o.Comments, ref) {
			return nil
		}
	}
	return domain.Errorf(domain.ErrConflict, "the carrier order's comments kept changing: tried again later")
}

// noteRef marks a note of ours posted as a comment, among the comment ids a part keeps.
func noteRef(id int64) string { return "note:" + strconv.FormatInt(id, 10) }
