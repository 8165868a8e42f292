package portability

import (
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/leadtime"
)

// UK mobiles port on a PAC, not on a letter: the user texts PAC to 65075, the losing
// provider answers with a code valid for 30 days, and the port completes one working day
// after the code is accepted. No letter of authorisation and no bill.

// PACOrderKey is the key of a request's UK mobile order. A request names one losing
// provider, and a PAC covers the mobiles of one account with it whoever holds their
// ranges, so a request's mobiles are one order: keyed without the provider's name, so that
// the PAC entered for it stays with it when the name is corrected.
const PACOrderKey = "GB|" + string(domain.LOAUKMobilePAC)

// pacSentence ends a UK mobile's check: what the customer must get instead of a letter.
const pacSentence = "It ports with a PAC, not a letter: text PAC to 65075 from the phone and enter the code you get back (valid 30 days)."

// pacOrder is the provider, carrier and key of a UK mobile order: the losing provider's
// (it issues the PAC), never the range holder's.
func pacOrder(losing string) (provider, carrier, key string) {
	return losing, NormaliseProvider(losing), PACOrderKey
}

// estimatePAC dates a UK mobile order: one working day after the PAC is accepted, whatever
// the number count or line type, and never a subsequent (SUP) order's extra days.
func estimatePAC(o *Order, in PlanInput) {
	o.Subsequent = false
	e, err := leadtime.Calculate(leadtime.Order{Country: o.Country, Numbers: len(o.Numbers), Mobile: true}, in.Now)
	if err != nil { // GB has a calendar: cannot happen
		o.LeadNote = "Ported on request: the porting team agrees a date with you."
		return
	}
	o.LeadTime = &e
	o.LeadNote = "Ports " + e.Window + "."
}
