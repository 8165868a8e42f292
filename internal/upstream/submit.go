package upstream

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/documents"
	"github.com/portdesk/portdesk/internal/domain"
)

// orderKey is our order's name at the carrier: the same for every try, so a retried job finds
// the order it made instead of making a second.
func orderKey(portInID, carrierID int64) string {
	return fmt.Sprintf("portdesk-%d-%d", portInID, carrierID)
}

// Submit makes the carrier's order of a "sent to carrier" event, attaches the signed letter
// and the bill to each part, and submits it. A part already submitted is left alone, so the
// job may run any number of times.
func (s *Service) Submit(ctx context.Context, args domain.CarrierSubmitArgs) (err error) {
	defer desk.Wrap(&err, "send port-in request %d to carrier %d by API", args.PortInID, args.CarrierID)
	if _, err := s.desk.Store.Event(ctx, args.EventID); domain.IsCode(err, domain.ErrNotFound) {
		return nil // the request was deleted since
	} else if err != nil {
		return err
	}
	c, err := s.desk.Store.Carrier(ctx, args.CarrierID)
	if domain.IsCode(err, domain.ErrNotFound) {
		return nil // deleted since: the team sees the event and can send to another
	}
	if err != nil {
		return err
	}
	p, err := s.desk.Store.PortIn(ctx, args.PortInID)
	if err != nil {
		return err
	}
	if !p.Status.Open() {
		return nil // cancelled or finished before the job ran
	}
	ss, err := s.connect(c)
	if err != nil {
		return err
	}
	defer func() {
		if kerr := s.keep(context.WithoutCancel(ctx), ss, p.ID); err == nil {
			err = kerr
		}
	}()
	req, err := s.request(ctx, p, c.ID)
	if err != nil {
		return err
	}
	parts, err := s.parts(ctx, ss, p, req)
	if err != nil {
		return err
	}
	docs, err := s.documents(ctx, p)
	if err != nil {
		return err
	}
	for _, o := range parts {
		if o.Submitted {
			continue
		}
		if err := s.submitPart(ctx, ss, &o, req, docs); err != nil {
			return err
		}
	}
	return nil
}

// parts are the request's orders at the carrier: those recorded, or else the ones the
// carrier makes (or finds under our key, when an earlier try made them and then failed).
func (s *Service) parts(ctx context.Context, ss *session, p domain.PortIn, req domain.CarrierOrderRequest) ([]domain.CarrierOrder, error) {
	have, err := s.desk.Store.CarrierOrders(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	have = slices.DeleteFunc(have, func(o domain.CarrierOrder) bool {
		return o.CarrierID != ss.carrier.ID || o.Status == domain.CarrierCancelled
	})
	if len(have) > 0 {
		return have, nil
	}
	made, err := ss.CreateOrder(ctx, req)
	if err != nil {
		return nil, err
	}
	now := s.desk.Now()
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		have = have[:0]
		for _, m := range made {
			o := domain.CarrierOrder{PortInID: p.ID, CarrierID: ss.carrier.ID, Ref: m.Ref, Numbers: m.Numbers, Status: domain.CarrierDraft,
				NextPollAt: nextPoll(now, 0), CreatedAt: now, UpdatedAt: now}
			err := tx.AddCarrierOrder(ctx, &o)
			if domain.IsCode(err, domain.ErrConflict) {
				if o, err = tx.CarrierOrderByRef(ctx, ss.carrier.ID, m.Ref); err != nil {
					return err
				}
			} else if err != nil {
				return err
			}
			have = append(have, o)
		}
		return nil
	})
	return have, err
}

// submitPart attaches the paperwork and our details to one part and submits it.
func (s *Service) submitPart(ctx context.Context, ss *session, o *domain.CarrierOrder, req domain.CarrierOrderRequest, docs []domain.CarrierDocument) error {
	part := req
	part.Numbers = o.Numbers
	windows, err := s.allowedFOC(ctx, ss, o.Ref, &part)
	if err != nil {
		return err
	}
	if err := ss.Update(ctx, o.Ref, part); err != nil {
		return err
	}
	for _, d := range docs {
		if err := ss.AttachDocument(ctx, o.Ref, part, d); err != nil {
			return err
		}
	}
	if err := ss.Submit(ctx, o.Ref, part); err != nil {
		return err
	}
	now := s.desk.Now()
	o.Submitted, o.Status, o.Exceptions, o.Polls, o.NextPollAt, o.UpdatedAt = true, domain.CarrierInProcess, nil, 0, nextPoll(now, 0), now
	o.FOCWindows = windows
	return s.desk.Store.UpdateCarrierOrder(ctx, o)
}

// request is our order as the carrier is given it: the numbers that move (not those set
// aside or ported already), the end user as on the bill, the account, PIN and BTN.
func (s *Service) request(ctx context.Context, p domain.PortIn, carrierID int64) (domain.CarrierOrderRequest, error) {
	ns, err := s.desk.Store.PortInNumbers(ctx, p.ID)
	if err != nil {
		return domain.CarrierOrderRequest{}, err
	}
	req := domain.CarrierOrderRequest{Key: orderKey(p.ID, carrierID), EndUserName: p.CustomerName, AuthorisedName: p.AuthorisedPerson.Name,
		Address: p.BillingAddress, AccountNumber: p.AccountNumber, BTN: p.BTN, Partial: p.PortType == domain.PortPartial, NewBTN: p.NewBTN,
		RequestedFOC: p.DesiredDate, Residential: p.CustomerType == domain.CustomerResidential}
	for _, n := range ns {
		if n.Status != domain.NumberSetAside && n.Status != domain.NumberPorted {
			req.Numbers = append(req.Numbers, n.Number)
		}
	}
	if p.PINSet() {
		if req.PIN, err = s.sealer.Open(p.PINSealed); err != nil {
			return req, fmt.Errorf("open the PIN: %w", err)
		}
	}
	return req, nil
}

// documents are the letters as signed and frozen (or the letter signed on letterhead) and
// the bill.
func (s *Service) documents(ctx context.Context, p domain.PortIn) ([]domain.CarrierDocument, error) {
	pw, err := s.portins.Paperwork(ctx, desk.System(), p.ID)
	if err != nil {
		return nil, err
	}
	if u := pw.Unsigned(); len(u) > 0 {
		return nil, &domain.Error{Code: domain.ErrIncomplete, Message: "the letter of authorisation changed after it was signed: not sent until the customer signs it again", Fields: u}
	}
	var out []domain.CarrierDocument
	for i, l := range pw.Letters {
		if l.Signature == nil {
			continue // signed on letterhead: the upload below is the signed letter
		}
		var b bytes.Buffer
		if err := s.portins.WriteLetter(ctx, desk.System(), p.ID, l.Order.Key, &b); err != nil {
			return nil, err
		}
		out = append(out, domain.CarrierDocument{Kind: domain.CarrierDocLOA, Name: fmt.Sprintf("loa-%d-%d.pdf", p.ID, i+1), ContentType: "application/pdf", Data: b.Bytes()})
	}
	for _, d := range pw.Documents {
		kind := domain.CarrierDocBill
		switch d.Kind {
		case domain.DocBill:
		case domain.DocSignedLOA:
			kind = domain.CarrierDocLOA
		default:
			continue
		}
		rc, err := s.docs.Get(ctx, d.StorageKey)
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", d.ID, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", d.ID, err)
		}
		out = append(out, domain.CarrierDocument{Kind: kind, Name: d.Name, ContentType: d.ContentType, Data: data})
	}
	return oneLetter(p.ID, out)
}

// oneLetter merges the order's letters (those signed here, then those signed on letterhead)
// into one PDF, every page of each: a carrier's order takes one letter of authorisation, and
// one attached after another would replace it.
func oneLetter(portInID int64, docs []domain.CarrierDocument) ([]domain.CarrierDocument, error) {
	var parts []documents.Part
	for _, d := range docs {
		if d.Kind == domain.CarrierDocLOA {
			parts = append(parts, documents.Part{ContentType: d.ContentType, Data: d.Data})
		}
	}
	if len(parts) < 2 {
		return docs, nil
	}
	merged, err := documents.MergePDF(parts)
	if err != nil {
		return nil, err
	}
	out := []domain.CarrierDocument{{Kind: domain.CarrierDocLOA, Name: fmt.Sprintf("loa-%d.pdf", portInID), ContentType: "application/pdf", Data: merged}}
	for _, d := range docs {
		if d.Kind != domain.CarrierDocLOA {
			out = append(out, d)
		}
	}
	return out, nil
}

// allowedFOC asks for the date the carrier allows, when it says which: the first of its
// windows that ends after the date the customer asked for (or the first of all), from its
// start or the date asked for, whichever is later. A carrier that offers none keeps the date
// asked for. The windows are kept on the part for the team to read.
func (s *Service) allowedFOC(ctx context.Context, ss *session, ref string, o *domain.CarrierOrderRequest) ([]domain.FOCWindow, error) {
	ws, err := ss.FOCDates(ctx, ref)
	if domain.IsCode(err, domain.ErrNotFound) || (err == nil && len(ws) == 0) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	for _, w := range ws {
		if o.RequestedFOC != nil && !w.To.After(*o.RequestedFOC) {
			continue
		}
		at := w.From
		if o.RequestedFOC != nil && o.RequestedFOC.After(at) {
			at = *o.RequestedFOC
		}
		o.RequestedFOC = &at
		return ws, nil
	}
	return ws, nil
}
