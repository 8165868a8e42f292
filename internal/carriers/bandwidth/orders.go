package bandwidth

import (
	"context"
	"encoding/xml"
	"net/url"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

func orderPath(ref string) string { return "/portins/" + url.PathEscape(ref) }

// order is our order in Bandwidth's words, every detail; numbers are ours, E.164.
func (c *Connector) order(o domain.CarrierOrderRequest) (LnpOrder, error) {
	in := LnpOrder{XMLName: xml.Name{Local: "LnpOrder"}, CustomerOrderID: o.Key, Subscriber: subscriber(o), LoaAuthorizingPerson: o.AuthorisedName,
		SiteID: c.site, PeerID: c.peer, ListOfPhoneNumbers: &PhoneNumbers{}}
	for _, n := range o.Numbers {
		d, err := tenDigits(n)
		if err != nil {
			return in, err
		}
		in.ListOfPhoneNumbers.PhoneNumber = append(in.ListOfPhoneNumbers.PhoneNumber, d)
	}
	var err error
	if o.BTN != "" {
		if in.BillingTelephoneNumber, err = tenDigits(o.BTN); err != nil {
			return in, err
		}
	}
	partial := o.Partial
	in.PartialPort = &partial
	if o.Partial && o.NewBTN != "" {
		if in.NewBillingTelephoneNumber, err = tenDigits(o.NewBTN); err != nil {
			return in, err
		}
	}
	if o.AccountNumber != "" || o.PIN != "" {
		in.WirelessInfo = &WirelessInfo{AccountNumber: o.AccountNumber, PinNumber: o.PIN}
	}
	if o.RequestedFOC != nil {
		in.RequestedFocDate = o.RequestedFOC.UTC().Format(time.RFC3339)
	}
	return in, nil
}

// CreateOrder finds the port-in made before under our key (Bandwidth's CustomerOrderId), or
// makes one as a draft with all our details: a draft is not worked until submitted, so the
// paperwork can be attached first. Bandwidth does not split a stand-alone port-in (numbers of
// several losing carriers are refused, not split), so there is one part.
func (c *Connector) CreateOrder(ctx context.Context, o domain.CarrierOrderRequest) ([]domain.CarrierOrderPart, error) {
	in, err := c.order(o)
	if err != nil {
		return nil, err
	}
	var found lnpList
	q := url.Values{"customerOrderId": {o.Key}, "page": {"1"}, "size": {"30"}}
	if err := c.xmlCall(ctx, "find order", "GET", "/portins?"+q.Encode(), nil, &found); err != nil && !domain.IsCode(err, domain.ErrNotFound) {
		return nil, err // a search that finds nothing may answer 404
	}
	var parts []domain.CarrierOrderPart
	for _, f := range found.Items {
		if st := statuses[f.ProcessingStatus]; st == domain.CarrierCancelled || f.OrderID == "" {
			continue
		}
		var got LnpOrderResponse
		if err := c.xmlCall(ctx, "read order", "GET", orderPath(f.OrderID), nil, &got); err != nil {
			return nil, err
		}
		if got.CustomerOrderID != "" && got.CustomerOrderID != o.Key {
			continue // the search matched loosely: not ours
		}
		parts = append(parts, domain.CarrierOrderPart{Ref: f.OrderID, Numbers: numbersOf(got)})
	}
	if len(parts) > 0 {
		return parts, nil
	}
	in.ProcessingStatus = "DRAFT"
	var made LnpOrderResponse
	if err := c.xmlCall(ctx, "create order", "POST", "/portins", in, &made); err != nil {
		return nil, err
	}
	if made.OrderID == "" {
		return nil, &domain.Error{Code: domain.ErrUnavailable, Message: "Bandwidth made the order but gave no order id: it is found under our key on the next try"}
	}
	return []domain.CarrierOrderPart{{Ref: made.OrderID, Numbers: numbersOf(made)}}, nil
}

func numbersOf(r LnpOrderResponse) []string {
	out := make([]string, 0, len(r.ListOfPhoneNumbers.PhoneNumber))
	for _, n := range r.ListOfPhoneNumbers.PhoneNumber {
		out = append(out, e164(n))
	}
	return out
}

// Update writes our details on the order: on a draft Bandwidth takes any change; on one it
// refused (EXCEPTION) the change is a supp, which Bandwidth works again on its own. The
// numbers are left out: they were given when the order was made, and most port types do
// not let a supp change them.
func (c *Connector) Update(ctx context.Context, ref string, o domain.CarrierOrderRequest) error {
	in, err := c.order(o)
	if err != nil {
		return err
	}
	in.XMLName.Local, in.ListOfPhoneNumbers = "LnpOrderSupp", nil
	return c.xmlCall(ctx, "update order", "PUT", orderPath(ref), in, nil)
}

// AttachDocument uploads the document as the order's letter or invoice: the file itself is
// the body, its type in Content-Type, its kind in documentType. A retried upload may leave
// the same file twice on the order; Bandwidth keeps both, which does no harm.
func (c *Connector) AttachDocument(ctx context.Context, ref string, _ domain.CarrierOrderRequest, d domain.CarrierDocument) error {
	kind := "INVOICE"
	if d.Kind == domain.CarrierDocLOA {
		kind = "LOA"
	}
	ct := d.ContentType
	if ct == "" {
		ct = "application/pdf"
	}
	return c.api.Call(ctx, "upload "+string(d.Kind), "POST", orderPath(ref)+"/loas?documentType="+kind, ct, d.Data, nil)
}

// Submit sends a draft to be worked (a change of ProcessingStatus to SUBMITTED, which
// Bandwidth allows only from DRAFT). An order refused and since changed was sent again by
// that change (a supp), and one already on its way is left: Bandwidth has no separate
// resubmit.
func (c *Connector) Submit(ctx context.Context, ref string, _ domain.CarrierOrderRequest) error {
	var got LnpOrderResponse
	if err := c.xmlCall(ctx, "read order", "GET", orderPath(ref), nil, &got); err != nil {
		return err
	}
	if statuses[got.ProcessingStatus] != domain.CarrierDraft {
		return nil
	}
	in := LnpOrder{XMLName: xml.Name{Local: "LnpOrderSupp"}, ProcessingStatus: "SUBMITTED"}
	return c.xmlCall(ctx, "submit", "PUT", orderPath(ref), in, nil)
}

// Cancel deletes an order that is not cancelled (or being cancelled) or complete already.
func (c *Connector) Cancel(ctx context.Context, ref string) error {
	var got LnpOrderResponse
	if err := c.xmlCall(ctx, "read order", "GET", orderPath(ref), nil, &got); err != nil {
		return err
	}
	if s := statuses[got.ProcessingStatus]; s == domain.CarrierCancelled || s == domain.CarrierPorted {
		return nil
	}
	return c.xmlCall(ctx, "cancel", "DELETE", orderPath(ref), nil, nil)
}

// Status reads the order and its notes. The committed date is ActualFocDate once there is
// one (FOC, COMPLETE).
func (c *Connector) Status(ctx context.Context, ref string) (domain.CarrierOrderState, error) {
	var got LnpOrderResponse
	if err := c.xmlCall(ctx, "read order", "GET", orderPath(ref), nil, &got); err != nil {
		return domain.CarrierOrderState{}, err
	}
	st := domain.CarrierOrderState{Ref: ref, Key: got.CustomerOrderID, Numbers: numbersOf(got)}
	var ok bool
	v := strings.TrimSpace(got.ProcessingStatus)
	if st.Status, ok = statuses[v]; !ok {
		return st, &domain.Error{Code: domain.ErrInvalid, Message: "Bandwidth gave a status we do not know: " + v}
	}
	if st.Status == domain.CarrierFOCConfirmed || st.Status == domain.CarrierPorted {
		for _, s := range []string{got.ActualFocDate, got.RequestedFocDate} {
			if t, err := parseTime(s); err == nil {
				st.FOC = &t
				break
			}
		}
	}
	if st.Status == domain.CarrierRefused {
		for _, e := range got.Errors {
			st.Exceptions = append(st.Exceptions, exception(e.code(), strings.TrimSpace(e.Description)))
		}
	}
	var ns notes
	if err := c.xmlCall(ctx, "read notes", "GET", orderPath(ref)+"/notes", nil, &ns); err != nil && !domain.IsCode(err, domain.ErrNotFound) {
		return st, err
	}
	for _, n := range ns.Notes {
		at, _ := parseTime(n.LastDateModifier)
		st.Comments = append(st.Comments, domain.CarrierComment{ID: n.ID, Body: n.Description, At: at, Ours: n.UserID == c.user})
	}
	return st, nil
}

// parseTime reads Bandwidth's times: ISO 8601, with or without fractions or a zone.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	var err error
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000", "2006-01-02T15:04:05", time.DateOnly} {
		var t time.Time
		if t, err = time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, err
}

// AddComment posts our words as a note, under the API user (which is how our own notes are
// told from Bandwidth's when read back).
func (c *Connector) AddComment(ctx context.Context, ref, body string) error {
	return c.xmlCall(ctx, "comment", "POST", orderPath(ref)+"/notes", Note{UserID: c.user, Description: body}, nil)
}

// FOCDates: Bandwidth publishes no windows for an order. When no date is asked for it takes
// the next one the losing carrier allows, and refuses one too soon with an error code, so
// the date asked for is kept.
func (c *Connector) FOCDates(context.Context, string) ([]domain.FOCWindow, error) {
	return nil, nil
}
