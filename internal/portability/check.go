// Package portability says, before anything is submitted, whether each number can be
// ported, from whom, on which letter of authorisation, with what the request must carry;
// and turns a list of numbers into orders, a lead time and a quote.
package portability

import (
	"fmt"
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/ranges"
)

// Checker checks numbers. It is safe for concurrent use; the range data behind it can be
// swapped while it runs.
type Checker struct {
	ranges     *ranges.Set
	classifier *numbering.Classifier
	// unknownHolder is the order a UK lead time assumes where no range data names the
	// range holder.
	unknownHolder domain.UKOrder
}

// Option tunes a Checker.
type Option func(*Checker)

// AssumeWhenHolderUnknown sets the order (PRO or SUP) a UK lead time assumes where no range
// data names the range holder. The default is SUP, the longer: a fresh install has no range
// data, and a date promised three working days too early is the worse mistake.
func AssumeWhenHolderUnknown(o domain.UKOrder) Option {
	return func(c *Checker) {
		if o == domain.OrderPRO {
			c.unknownHolder = domain.OrderPRO
		}
	}
}

// NewChecker checks against the range data in set (which may be empty).
func NewChecker(set *ranges.Set, opts ...Option) *Checker {
	if set == nil {
		set = &ranges.Set{}
	}
	c := &Checker{ranges: set, classifier: numbering.NewClassifier(), unknownHolder: domain.OrderSUP}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Ranges is the range data the checker reads.
func (c *Checker) Ranges() *ranges.Set { return c.ranges }

// AssumesWhenHolderUnknown is the order a UK lead time assumes where no range data names the
// range holder.
func (c *Checker) AssumesWhenHolderUnknown() domain.UKOrder { return c.unknownHolder }

// Input is one number to check with what the request says about it.
type Input struct {
	Raw            string
	DefaultCountry string // how national formats are read: GB, US or CA
	LosingProvider string // as the customer typed it; may be empty
}

// Check answers for one number. Conflicts with the operator's own records are the desk's
// to add: they need the store.
func (c *Checker) Check(in Input, agreements *Agreements) domain.Check {
	ch := domain.Check{Input: in.Raw, Reasons: []string{}, Requires: []string{}, Conflicts: []domain.Conflict{}, SMS: domain.SMSNone}
	region := in.DefaultCountry
	if region == "" {
		region = "GB"
	}
	cl, ok := c.classify(in.Raw, region)
	if !ok {
		ch.Portable = domain.PortableNo
		ch.Category = string(numbering.Other)
		return refuse(ch, domain.ReasonInvalidNumber, "This is not a phone number we can read: write it in international format, e.g. +44 20 7946 0000.")
	}
	ch.E164, ch.Valid, ch.Country = cl.E164, cl.Valid, cl.Region
	cat := numbering.Categorize(ch.E164)
	if cat != numbering.Withdrawn && ch.Country != "GB" && ch.Country != "US" && ch.Country != "CA" {
		cat = numbering.International // the Caribbean's +1 and the Channel Islands' +44 too
	}
	ch.Category = string(cat)
	if cat == numbering.Withdrawn {
		ch.Country = "GB"
		ch.Portable = domain.PortableNo
		if s, ok := numbering.WithdrawnReplacement(ch.E164); ok {
			ch.Suggestion = s
		}
		return refuse(ch, domain.ReasonWithdrawnRange, fmt.Sprintf("0500 numbers were withdrawn in June 2017 and cannot be ported; their users moved to %s.", numbering.Format(ch.Suggestion)))
	}
	if !ch.Valid {
		ch.Portable = domain.PortableNo
		return refuse(ch, domain.ReasonInvalidNumber, "This number is not in use in its numbering plan (wrong length or an unallocated range): check the digits.")
	}
	ch.LOAType = loaType(ch.Country, cat)
	ch.SMS = domain.SMSAfterVoice
	if cat == numbering.Mobile {
		ch.SMS = domain.SMSKeeps
	}
	if cat == numbering.International {
		ch.Portable = domain.CheckRequired
		ch.Reasons = append(ch.Reasons, domain.ReasonInternational)
		ch.Message = "Numbers from this country are ported on request: the porting team will contact you about the paperwork it needs."
		return ch
	}

	if b, found := c.ranges.Lookup(ch.E164); found {
		ch.RangeHolder, ch.RangeHolderSource, ch.RateCentre = b.Holder, string(b.Source), b.Area
		if !b.InService() {
			ch.Portable = domain.PortableNo
			ch.SMS = domain.SMSNone
			return refuse(ch, domain.ReasonBlockNotInService, fmt.Sprintf("The block this number belongs to is listed as %q, not allocated to any provider: it cannot be in service.", b.Status))
		}
	} else if cat == numbering.Mobile {
		if name := originalNetwork(cl); name != "" {
			ch.RangeHolder, ch.RangeHolderSource = name, "original_network"
		}
	} else if ch.Country == "GB" {
		// Whether the losing provider holds the range decides PRO or SUP: unknown, the lead
		// time must assume one. (Mobiles port on a PAC, where it makes no difference.)
		ch.LeadTimeAssumes = c.unknownHolder
	}
	ch.Requires = requirements(ch.Country, cat, ch.RangeHolder)
	c.decide(&ch, cat, in.LosingProvider, agreements)
	if ch.LeadTimeAssumes != "" {
		c.sayHolderUnknown(&ch)
	}
	if ch.LOAType == domain.LOAUKMobilePAC {
		ch.Message += " " + pacSentence
	}
	return ch
}

// sayHolderUnknown says, after whatever decided the answer, that no range data names the
// range holder and what the lead time assumes for want of it.
func (c *Checker) sayHolderUnknown(ch *domain.Check) {
	if !slices.Contains(ch.Reasons, domain.ReasonUnknownHolder) {
		ch.Reasons = append(ch.Reasons, domain.ReasonUnknownHolder)
	}
	why := "no Ofcom range data is loaded"
	if c.ranges.Blocks(ranges.SourceOfcom) > 0 {
		why = "the Ofcom range data loaded has no block for this number"
	}
	s := "Range holder unknown (" + why + "): the lead time assumes a subsequent (SUP) order, 3 working days longer than if the losing provider holds the range."
	if ch.LeadTimeAssumes == domain.OrderPRO {
		s = "Range holder unknown (" + why + "): the lead time assumes the losing provider holds the range (a PRO order); if it does not, the port takes 3 working days longer."
	}
	ch.Message = strings.TrimSpace(ch.Message + " " + s)
}

func refuse(ch domain.Check, reason, msg string) domain.Check {
	ch.Reasons = append(ch.Reasons, reason)
	ch.Message = msg
	ch.Requires = []string{}
	return ch
}

// decide applies the porting agreements: in a country the table covers (the UK), the range
// holder (or, without range data, the losing provider) must be a provider the operator
// ports from; elsewhere every carrier must port by law (US and Canadian LNP).
func (c *Checker) decide(ch *domain.Check, cat numbering.Category, losing string, ag *Agreements) {
	holder := ch.RangeHolder
	if ch.RangeHolderSource == "original_network" {
		holder = "" // a mobile's original network says nothing of agreements
	}
	if losing != "" && holder != "" && !ag.SameProvider(ch.Country, losing, holder) {
		ch.Reasons = append(ch.Reasons, domain.ReasonProviderMismatch)
	}
	if !ag.Covers(ch.Country) {
		ch.Portable = domain.PortableYes
		ch.Message = portableSentence(ch, "")
		return
	}
	who := holder
	if who == "" {
		who = losing
	}
	if who == "" {
		ch.Portable = domain.CheckRequired
		ch.Reasons = append(ch.Reasons, domain.ReasonUnknownHolder)
		ch.Message = "We have no range data for this number and no losing provider was given: the porting team will find the range holder."
		return
	}
	row, known, ok := ag.Match(ch.Country, who, string(cat))
	switch {
	case !ok:
		ch.Portable = domain.CheckRequired
		ch.Reasons = append(ch.Reasons, domain.ReasonNoAgreement)
		if known {
			ch.Message = fmt.Sprintf("We port %s numbers from %s only by arrangement: the porting team will check before submitting.", strings.ReplaceAll(string(cat), "_", "-"), row.Provider)
		} else {
			ch.Message = fmt.Sprintf("We have no porting agreement with %s; it may be hosted on a network we port from, so the porting team will check.", who)
		}
	case row.Portable == domain.PortableNo:
		ch.Portable = domain.PortableNo
		ch.Agreement = row.Provider
		ch.Reasons = append(ch.Reasons, domain.ReasonNoAgreement)
		ch.Message = fmt.Sprintf("We cannot port numbers from %s. %s", row.Provider, row.Notes)
	case row.Portable == domain.CheckRequired:
		ch.Portable = domain.CheckRequired
		ch.Agreement, ch.Route = row.Provider, row.Route
		ch.Reasons = append(ch.Reasons, domain.ReasonAgreementCheck)
		ch.Message = fmt.Sprintf("We port from %s for certain ranges only: the porting team checks this range first. %s", row.Provider, row.Notes)
	default:
		ch.Portable = domain.PortableYes
		ch.Agreement, ch.Route = row.Provider, row.Route
		ch.Message = portableSentence(ch, row.Provider)
	}
	ch.Message = strings.TrimSpace(ch.Message)
}

func portableSentence(ch *domain.Check, agreement string) string {
	s := "Portable."
	switch {
	case ch.Route == domain.RouteDirect:
		s = fmt.Sprintf("Portable from %s by direct interconnect.", agreement)
	case ch.Route == domain.RouteTransit:
		s = fmt.Sprintf("Portable from %s through a transit operator.", agreement)
	case agreement != "":
		s = fmt.Sprintf("Portable from %s.", agreement)
	}
	if ch.SMS == domain.SMSAfterVoice {
		s += " SMS starts 2-3 business days after calls."
	}
	return s
}

// loaType is the letter a number is ported on.
func loaType(country string, cat numbering.Category) domain.LOAType {
	switch {
	case cat == numbering.TollFree:
		return domain.LOAUSTollFree // RespOrg change, whichever NANP country
	case country == "GB" && cat == numbering.Mobile:
		return domain.LOAUKMobilePAC // no letter: the PAC authorises the port
	case country == "GB" && cat == numbering.Geographic:
		return domain.LOAUKGeographic
	case country == "GB" || country == "GG" || country == "JE" || country == "IM":
		return domain.LOAUKNonGeographic
	case country == "US":
		return domain.LOAUSLocal
	case country == "CA":
		return domain.LOACanada
	}
	return domain.LOAInternational
}

// wirelessWords mark a North American code holder as a mobile carrier: libphonenumber cannot
// tell US mobiles from landlines, and US mobile ports need the account number and PIN.
var wirelessWords = []string{"wireless", "mobility", "cellular", "pcs", "t-mobile", "sprint spectrum", "cellco", "mobile"}

// requirements are what the request must carry for a number of this kind (DOMAIN.md: UK
// non-geographic the account number; US mobiles account number and PIN; Canada all three).
func requirements(country string, cat numbering.Category, holder string) []string {
	req := []string{}
	switch {
	case country == "GB" && cat == numbering.Mobile:
		req = append(req, domain.RequirePAC)
	case country == "GB" && cat == numbering.Geographic:
		req = append(req, domain.RequireBTN, domain.RequireServiceAddr)
	case country == "GB":
		req = append(req, domain.RequireAccountNumber, domain.RequireBTN)
	case country == "CA":
		req = append(req, domain.RequireAccountNumber, domain.RequirePIN, domain.RequireBTN, domain.RequireServiceAddr)
	case country == "US" && cat == numbering.TollFree:
		req = append(req, domain.RequireBTN)
	case country == "US":
		req = append(req, domain.RequireBTN, domain.RequireServiceAddr)
		h := strings.ToLower(holder)
		for _, w := range wirelessWords {
			if strings.Contains(h, w) {
				req = append(req, domain.RequireAccountNumber, domain.RequirePIN)
				break
			}
		}
	}
	return req
}
