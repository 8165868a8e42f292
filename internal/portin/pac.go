package portin

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/leadtime"
	"github.com/portdesk/portdesk/internal/portability"
)

// A UK mobile ports on a PAC, not on a letter: the user texts PAC to 65075, the losing
// provider texts back a code valid for 30 days, and the port completes one working day after
// the code is accepted. A request's mobiles are one order (portability.PACOrderKey), whose
// PAC the customer enters on the request; that order needs no letter and no bill.

// PACInput is the PAC of the request's UK mobile order as the customer enters it: the code
// and the last day it is valid, both from the losing provider's text. An empty code takes
// the PAC away.
type PACInput struct {
	Code      string `json:"code"`
	ExpiresOn string `json:"expires_on"` // YYYY-MM-DD
}

// pacEntry is a PAC input that passed its checks; an empty code takes the PAC away.
type pacEntry struct {
	code    string
	expires time.Time
}

// checkPAC checks a PAC as it is entered, adding each problem to v: three letters and six
// digits, and a last day from today (UK time) to 30 days on, as a PAC lasts 30 days.
func checkPAC(v *domain.Validation, in *PACInput, now time.Time) (pacEntry, bool) {
	if in == nil {
		return pacEntry{}, false
	}
	n := len(v.Fields)
	raw := v.Text("pac.code", in.Code, domain.TextRule{Max: 20})
	date := v.Text("pac.expires_on", in.ExpiresOn, domain.TextRule{Max: 10})
	if len(v.Fields) > n {
		return pacEntry{}, false
	}
	if raw == "" {
		return pacEntry{}, true
	}
	var e pacEntry
	var ok bool
	if e.code, ok = domain.ParsePAC(raw); !ok {
		v.Add("pac.code", "invalid", "A PAC is three letters and six digits, such as ABC123456: copy it from the text the losing provider sent.")
	}
	today := ukToday(now)
	t, err := time.Parse(time.DateOnly, date)
	switch {
	case date == "":
		v.Add("pac.expires_on", "required", "Enter the date the PAC is valid until: it is in the text with the code.")
	case err != nil:
		v.Add("pac.expires_on", "invalid", "Enter a date as YYYY-MM-DD.")
	case t.Before(today):
		v.Add("pac.expires_on", "expired", fmt.Sprintf("This PAC expired on %s: text PAC to 65075 from the phone for a new one.", t.Format("2 January 2006")))
	case t.After(today.AddDate(0, 0, domain.PACValidDays)):
		v.Add("pac.expires_on", "invalid", fmt.Sprintf("A PAC is valid for %d days, so it cannot last until %s: check the date in the text.", domain.PACValidDays, t.Format("2 January 2006")))
	default:
		e.expires = t
	}
	return e, len(v.Fields) == n
}

// ukToday is the date in the UK, where a PAC's last day is counted.
func ukToday(now time.Time) time.Time {
	y, m, d := now.In(leadtime.Zone("GB")).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// enterPAC stores the PAC of the request's UK mobile order, or takes it away, once apply has
// checked the input; it reports whether the PAC changed. A request without UK mobiles has
// no use for one.
func (s *Service) enterPAC(ctx context.Context, tx domain.Tx, a domain.Actor, p domain.PortIn, in *PACInput) (bool, error) {
	var v domain.Validation
	e, ok := checkPAC(&v, in, s.desk.Now())
	if err := v.Err(domain.ErrInvalid, "the PAC is not valid"); err != nil || !ok {
		return false, err
	}
	own, err := tx.PACs(ctx, []int64{p.ID})
	if err != nil {
		return false, err
	}
	var old *domain.PAC
	if i := pacIndex(own); i >= 0 {
		old = &own[i]
	}
	if e.code == "" {
		if old == nil {
			return false, nil
		}
		return true, tx.DeletePAC(ctx, p.ID, portability.PACOrderKey)
	}
	if old != nil && old.Code == e.code && old.ExpiresOn.Equal(e.expires) {
		return false, nil
	}
	ns, err := tx.PortInNumbers(ctx, p.ID)
	if err != nil {
		return false, err
	}
	rp, err := s.planFor(ctx, tx, a, p, ns)
	if err != nil {
		return false, err
	}
	if !hasPACOrder(rp) {
		return false, &domain.Error{Code: domain.ErrInvalid, Message: "the PAC is not needed",
			Fields: []domain.FieldError{{Field: "pac", Code: "no_mobile_numbers", Message: "A PAC is for UK mobile numbers, and this request has none: add them first."}}}
	}
	return true, tx.SetPAC(ctx, domain.PAC{PortInID: p.ID, OrderKey: portability.PACOrderKey, Code: e.code, ExpiresOn: e.expires,
		EnteredBy: a.UserID, EnteredAt: s.desk.Now()})
}

// pacIndex finds the UK mobile order's PAC among a family's, the request's own first (they
// come newest request first), or -1.
func pacIndex(ps []domain.PAC) int {
	for i, pc := range ps {
		if pc.OrderKey == portability.PACOrderKey {
			return i
		}
	}
	return -1
}

// mayHavePAC reports whether p can hold a PAC, so that a GET reads PACs only then: a PAC
// is entered for a request's UK mobile order, and every UK mobile is +447…. all is every
// number of p, or nil when the GET did not read them all (then it may).
func mayHavePAC(p domain.PortIn, all []domain.PortNumber) bool {
	if all == nil || p.ParentID != 0 || p.Status == domain.StatusSplit {
		return true
	}
	return slices.ContainsFunc(all, func(n domain.PortNumber) bool { return strings.HasPrefix(n.Number, "+447") })
}

// pacOf is the PAC the request's UK mobile order ports on: its own, or the one entered on the
// request it was split from; nil when none was entered.
func pacOf(ctx context.Context, q domain.Queries, p domain.PortIn) (*domain.PAC, error) {
	ps, err := q.PACs(ctx, family(p))
	if err != nil {
		return nil, err
	}
	if i := pacIndex(ps); i >= 0 {
		return &ps[i], nil
	}
	return nil, nil
}

// RefusePAC takes away the PAC the request's UK mobile order ported on, when the losing
// provider refused it: a resubmission must carry a new one, not the same code again. It
// reports false when the request has no PAC to refuse.
func RefusePAC(ctx context.Context, tx domain.Tx, p domain.PortIn) (bool, error) {
	pc, err := pacOf(ctx, tx, p)
	if err != nil || pc == nil {
		return false, err
	}
	return true, tx.DeletePAC(ctx, pc.PortInID, pc.OrderKey)
}

func hasPACOrder(rp RequestPlan) bool {
	for _, o := range rp.Plan.Orders {
		if o.Key == portability.PACOrderKey {
			return true
		}
	}
	return false
}

// pacProblems is what stops the UK mobile order at submission: no PAC, or one past its last
// day by the desk's clock. (A malformed one never gets this far: entering it is refused, and
// the database holds only three capitals and six digits.)
func pacProblems(pc *domain.PAC, now time.Time) []domain.FieldError {
	var v domain.Validation
	switch {
	case pc == nil:
		v.Add("pac", "required", "Enter the PAC for the UK mobile numbers: text PAC to 65075 from the phone, and the losing provider texts back the code, valid 30 days.")
	case pc.ExpiresOn.Before(ukToday(now)):
		v.Add("pac.expires_on", "expired", fmt.Sprintf("The PAC expired on %s: text PAC to 65075 from the phone for a new one and enter it.", pc.ExpiresOn.Format("2 January 2006")))
	}
	return v.Fields
}
