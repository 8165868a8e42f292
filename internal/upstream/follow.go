package upstream

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// Webhook takes one of a carrier's webhook calls: the connector verifies it is the carrier's
// and reads which orders it is about, and a job per order is queued in one transaction (once
// per event: a webhook delivered twice is taken once) to read the order as the carrier now
// has it and move our request. The caller answers the carrier at once, whatever the job finds.
func (s *Service) Webhook(ctx context.Context, carrierID int64, in domain.CarrierWebhook) (err error) {
	defer desk.Wrap(&err, "take a webhook of carrier %d", carrierID)
	c, err := s.desk.Store.Carrier(ctx, carrierID)
	// A carrier without its key cannot have a webhook verified: to the unauthenticated caller
	// it is as missing as one that does not exist (saying "no key" would tell it so).
	if domain.IsCode(err, domain.ErrNotFound) || (err == nil && (!c.Kind.ByAPI() || len(c.CredentialsSealed) == 0)) {
		return domain.Errorf(domain.ErrNotFound, "no such carrier")
	}
	if err != nil {
		return err
	}
	ss, err := s.connect(c)
	if err != nil {
		return err
	}
	updates, err := ss.Webhook(ctx, in)
	if err != nil || len(updates) == 0 {
		return err
	}
	return s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		for _, u := range updates {
			// Once per event the carrier names; a call naming none is taken each time (reading
			// the order again changes nothing the last read did).
			if err := tx.EnqueueJob(ctx, domain.Job{Kind: domain.JobCarrierWebhook, Unique: u.EventID != "",
				Args: domain.CarrierWebhookArgs{CarrierID: c.ID, Ref: u.Ref, EventID: u.EventID}}); err != nil {
				return err
			}
		}
		return nil
	})
}

// TakeWebhook reads the order a carrier's webhook was about as the carrier now has it and
// brings our request where that says (so a webhook late or out of order changes nothing the
// carrier has moved past); an order split off one of ours is taken on, one not ours is left.
func (s *Service) TakeWebhook(ctx context.Context, args domain.CarrierWebhookArgs) (err error) {
	defer desk.Wrap(&err, "take carrier %d's news of order %s", args.CarrierID, args.Ref)
	c, err := s.desk.Store.Carrier(ctx, args.CarrierID)
	if domain.IsCode(err, domain.ErrNotFound) {
		return nil // deleted since
	}
	if err != nil {
		return err
	}
	ss, err := s.connect(c)
	if err != nil {
		return err
	}
	o, err := s.desk.Store.CarrierOrderByRef(ctx, c.ID, args.Ref)
	if domain.IsCode(err, domain.ErrNotFound) {
		if o, err = s.adopt(ctx, ss, args.Ref); err != nil || o.ID == 0 {
			return err // nil when not an order of ours (made by hand at the carrier)
		}
	}
	if err != nil {
		return err
	}
	return s.follow(ctx, ss, o)
}

// PollDue reads again every open order whose poll has come: the fallback for webhooks that
// never arrive. It goes on past an order that fails (that order is read again later) and
// says how many it read.
func (s *Service) PollDue(ctx context.Context) (n int, err error) {
	defer desk.Wrap(&err, "poll the orders at carriers")
	due, err := s.desk.Store.CarrierOrdersDue(ctx, s.desk.Now(), pollBatch)
	if err != nil {
		return 0, err
	}
	sessions := map[int64]*session{}
	var failed []string
	for _, o := range due {
		ss, ok := sessions[o.CarrierID]
		if !ok {
			c, err := s.desk.Store.Carrier(ctx, o.CarrierID)
			if err == nil {
				ss, err = s.connect(c)
			}
			if err != nil {
				failed = append(failed, fmt.Sprintf("carrier %d: %v", o.CarrierID, err))
				continue
			}
			sessions[o.CarrierID] = ss
		}
		if err := s.follow(ctx, ss, o); err != nil {
			failed = append(failed, fmt.Sprintf("order %s: %v", o.Ref, err))
			s.later(ctx, o)
			continue
		}
		n++
	}
	if len(failed) > 0 {
		return n, fmt.Errorf("%d of %d failed: %s", len(failed), len(due), strings.Join(failed, "; "))
	}
	return n, nil
}

// later puts off the next poll of an order that could not be read, on the same backoff.
func (s *Service) later(ctx context.Context, o domain.CarrierOrder) {
	now := s.desk.Now()
	o.Polls++
	o.NextPollAt, o.UpdatedAt = nextPoll(now, o.Polls), now
	if err := s.desk.Store.UpdateCarrierOrder(ctx, &o); err != nil {
		s.desk.Log.Warn("put off a carrier order's poll", "ref", o.Ref, "err", err)
	}
}

// follow reads one part as the carrier has it now and brings our request where that says:
// the carrier's new comments become notes, and the part is saved once the request has moved,
// so that a crash in between only makes the next read do it again.
func (s *Service) follow(ctx context.Context, ss *session, o domain.CarrierOrder) (err error) {
	// One read of a part at a time (a webhook's job and the poll may come together), from the
	// part as the last one left it: a comment is made a note once.
	mu := &s.following[o.ID%int64(len(s.following))]
	mu.Lock()
	defer mu.Unlock()
	if cur, err := s.desk.Store.CarrierOrderByRef(ctx, o.CarrierID, o.Ref); err == nil {
		o = cur
	}
	defer func() {
		if kerr := s.keep(context.WithoutCancel(ctx), ss, o.PortInID); err == nil {
			err = kerr
		}
	}()
	st, err := ss.Status(ctx, o.Ref)
	if err != nil {
		return err
	}
	if err := s.comments(ctx, ss, &o, st.Comments); err != nil {
		return err
	}
	if len(st.Numbers) > 0 {
		o.Numbers = st.Numbers // a part the carrier split numbers off keeps the rest
	}
	moved := st.Status != o.Status || !sameTime(st.FOC, o.FOC)
	newlyRefused := st.Status == domain.CarrierRefused && o.Status != domain.CarrierRefused
	o.Status, o.FOC, o.Exceptions = st.Status, st.FOC, st.Exceptions
	if err := s.settle(ctx, o, newlyRefused); err != nil {
		return err
	}
	now := s.desk.Now()
	if moved {
		o.Polls = 0
	} else {
		o.Polls++
	}
	o.NextPollAt, o.UpdatedAt = nextPoll(now, o.Polls), now
	return s.desk.Store.UpdateCarrierOrder(ctx, &o)
}

// comments makes each new comment of the carrier's an internal note for the team (the
// team decides what the customer needs to hear), once: the comment is claimed on the part
// in the note's transaction, so a webhook and a poll reading the part at once (or two
// polls) make one note, and a note made is not made again if what follows fails.
func (s *Service) comments(ctx context.Context, ss *session, o *domain.CarrierOrder, cs []domain.CarrierComment) error {
	for _, c := range cs {
		if c.Ours || slices.Contains(o.Comments, c.ID) {
			continue
		}
		err := s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
			fresh, err := tx.CarrierOrderByRef(ctx, o.CarrierID, o.Ref)
			if err != nil {
				return err
			}
			if o.Comments = fresh.Comments; slices.Contains(fresh.Comments, c.ID) {
				return nil // another reader made it
			}
			if err := tx.ClaimCarrierComment(ctx, fresh.ID, fresh.Comments, c.ID); err != nil {
				return err
			}
			if _, err := s.portins.AddNoteIn(ctx, tx, desk.System(), o.PortInID, ss.carrier.Name+" wrote: "+c.Body, true); err != nil {
				return err
			}
			o.Comments = append(slices.Clone(fresh.Comments), c.ID)
			return nil
		})
		if domain.IsCode(err, domain.ErrConflict) {
			// Another reader changed the part's comments first: the next read sees what it made.
			if fresh, ferr := s.desk.Store.CarrierOrderByRef(ctx, o.CarrierID, o.Ref); ferr == nil {
				o.Comments = fresh.Comments
			}
			continue
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func sameTime(a, b *time.Time) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Equal(*b))
}

// standing is where a request's parts together put it: refused if any is, ported once all
// are, committed once all have a date (the latest), in process once submitted.
func standing(parts []domain.CarrierOrder) (domain.CarrierStatus, *time.Time, []domain.CarrierException) {
	var live []domain.CarrierOrder
	for _, o := range parts {
		if o.Status != domain.CarrierCancelled {
			live = append(live, o)
		}
	}
	if len(live) == 0 {
		return domain.CarrierCancelled, nil, nil
	}
	var refusals []domain.CarrierException
	ported, dated := true, true
	var foc *time.Time
	for _, o := range live {
		if o.Status == domain.CarrierRefused {
			refusals = append(refusals, o.Exceptions...)
		}
		ported = ported && o.Status == domain.CarrierPorted
		dated = dated && (o.Status == domain.CarrierPorted || o.Status == domain.CarrierFOCConfirmed) && o.FOC != nil
		if o.FOC != nil && (foc == nil || o.FOC.After(*foc)) {
			foc = o.FOC
		}
	}
	switch {
	case len(refusals) > 0 || slices.ContainsFunc(live, func(o domain.CarrierOrder) bool { return o.Status == domain.CarrierRefused }):
		return domain.CarrierRefused, nil, refusals
	case ported:
		return domain.CarrierPorted, foc, nil
	case dated:
		return domain.CarrierFOCConfirmed, foc, nil
	case slices.ContainsFunc(live, func(o domain.CarrierOrder) bool { return o.Status != domain.CarrierDraft }):
		return domain.CarrierInProcess, nil, nil
	}
	return domain.CarrierDraft, nil, nil
}

// adopt takes on an order the carrier split off one of ours after it was made: it carries
// our key, which names the request. An order without our key is not ours (zero order).
func (s *Service) adopt(ctx context.Context, ss *session, ref string) (domain.CarrierOrder, error) {
	st, err := ss.Status(ctx, ref)
	if err != nil {
		return domain.CarrierOrder{}, err
	}
	var portInID, carrierID int64
	if _, err := fmt.Sscanf(st.Key, "portdesk-%d-%d", &portInID, &carrierID); err != nil || carrierID != ss.carrier.ID ||
		st.Key != orderKey(portInID, carrierID) {
		return domain.CarrierOrder{}, nil
	}
	now := s.desk.Now()
	// Submitted: a part split off an order is already on its way; the next read follows it.
	o := domain.CarrierOrder{PortInID: portInID, CarrierID: carrierID, Ref: ref, Numbers: st.Numbers, Status: domain.CarrierInProcess,
		Submitted: true, NextPollAt: now, CreatedAt: now, UpdatedAt: now}
	err = s.desk.Store.AddCarrierOrder(ctx, &o)
	if domain.IsCode(err, domain.ErrConflict) {
		return s.desk.Store.CarrierOrderByRef(ctx, carrierID, ref)
	}
	if domain.IsCode(err, domain.ErrNotFound) || domain.IsCode(err, domain.ErrInvalid) {
		return domain.CarrierOrder{}, nil // the request is gone
	}
	return o, err
}
