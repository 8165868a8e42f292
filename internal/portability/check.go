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
	// smsOn are the calls-only categories the operator carries SMS on after all.
	smsOn map[numbering.Category]bool
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

// noSMS are the categories whose numbers take no texts after a port unless the operator
// offers it: freephone, premium-rate and toll-free numbers are for calls.
var noSMS = []numbering.Category{numbering.Freephone, numbering.Premium, numbering.TollFree}

// WithSMS says the operator carries SMS on ported numbers of these categories too (freephone,
// premium, toll_free), a few business days after voice like other numbers.
func WithSMS(categories ...numbering.Category) Option {
	return func(c *Checker) {
		for _, cat := range categories {
			c.smsOn[cat] = true
		}
	}
}

// NewChecker checks against the range data in set (which may be empty).
func NewChecker(set *ranges.Set, opts ...Option) *Checker {
	if set == nil {
		set = &ranges.Set{}
	}
	c := &Checker{ranges: set, classifier: numbering.NewClassifier(), unknownHolder: domain.OrderSUP, smsOn: map[numbering.Category]bool{}}
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
	ch.E164, ch.Valid, ch.Region = cl.E164, cl.Valid, cl.Region
	// The US territories are in the NANP with regions of their own, and port under US rules
	// through NPAC: for porting they are the US.
	ch.Country = numbering.PortingRegion(cl.Region)
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
		return refuse(ch, domain.ReasonWithdrawnRange, numbering.WithdrawnSentence(ch.E164))
	}
	if !ch.Valid {
		ch.Portable = domain.PortableNo
		return refuse(ch, domain.ReasonInvalidNumber, "This number is not in use in its numbering plan (wrong length or an unallocated range): check the digits.")
	}
	if numbering.Fictional(ch.E164) {
		// Valid stays libphonenumber's answer (it holds these valid); no line has one.
		ch.Portable = domain.PortableNo
		return refuse(ch, domain.ReasonFictionalNumber, "555-0100 to 555-0199 are kept for fiction in every North American area code: this is not a real number, check the digits.")
	}
	ch.LOAType = loaType(ch.Country, cat)
	ch.SMS = c.sms(cat)
	if cat == numbering.Premium && (ch.Country == "US" || ch.Country == "CA") {
		// Not a local line: the number belongs to a premium-rate service billed through its
		// carrier, and goes by arrangement, not by the normal LNP flow or its letters.
		ch.Portable, ch.LOAType = domain.CheckRequired, domain.LOAInternational
		ch.Reasons = append(ch.Reasons, domain.ReasonPremiumRate)
		ch.Message = "900 and 976 numbers are premium-rate services, not local numbers: they are not ported through the normal flow, so the porting team takes this one on and contacts you."
		return ch
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

// sms is what happens to texts on a ported number of category cat.
func (c *Checker) sms(cat numbering.Category) string {
	switch {
	case cat == numbering.Mobile:
		return domain.SMSKeeps
	case slices.Contains(noSMS, cat) && !c.smsOn[cat]:
		return domain.SMSNone
	}
	return domain.SMSAfterVoice
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
	// A warning, not a refusal: the name may be a mistake, or the provider may trade here too.
	warning := ""
	if elsewhere := ag.OnlyElsewhere(ch.Country, losing); len(elsewhere) > 0 {
		ch.Reasons = append(ch.Reasons, domain.ReasonProviderOtherCountry)
		warning = " " + ProviderElsewhere(losing, elsewhere, ch.Country)
	}
	defer func() { ch.Message = strings.TrimSpace(ch.Message + warning) }()
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
}

// ProviderElsewhere warns that the losing provider is one the operator ports from in other
// countries only (elsewhere) while the numbers are of country.
func ProviderElsewhere(losing string, elsewhere []string, country string) string {
	return fmt.Sprintf("Check the losing provider: we know %s as a provider in %s only, but these are %s numbers.", losing, strings.Join(elsewhere, ", "), country)
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
	switch ch.SMS {
	case domain.SMSAfterVoice:
		s += " SMS starts 2-3 business days after calls."
	case domain.SMSNone:
		s += " Calls only: no SMS on this kind of number."
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
// non-geographic the account number; US mobiles account number and PIN; Canada all three;
// UK orders on a letter the losing provider's address and the line type). Submit demands
// exactly these, order by order.
func requirements(country string, cat numbering.Category, holder string) []string {
	req := []string{}
	switch {
	case country == "GB" && cat == numbering.Mobile:
		req = append(req, domain.RequirePAC)
	case country == "GB" && cat == numbering.Geographic:
		// The seeds' form: every section filled in, the account number among them, or the
		// losing provider rejects the port.
		req = append(req, domain.RequireAccountNumber, domain.RequireBTN, domain.RequireServiceAddr, domain.RequireLosingProviderAddress, domain.RequireLineType)
	case country == "GB":
		req = append(req, domain.RequireAccountNumber, domain.RequireBTN, domain.RequireLosingProviderAddress, domain.RequireLineType)
	case country == "CA":
		req = append(req, domain.RequireAccountNumber, domain.RequirePIN, domain.RequireBTN, domain.RequireServiceAddr)
	case country == "US" && cat == numbering.TollFree:
		req = append(req, domain.RequireBTN)
	case country == "US":
		// 47 CFR 52.36: a simple port's validation fields are the number, the account number,
		// the ZIP and the passcode; wireless carriers always ask for the PIN.
		req = append(req, domain.RequireAccountNumber, domain.RequireBTN, domain.RequireServiceAddr)
		h := strings.ToLower(holder)
		for _, w := range wirelessWords {
			if strings.Contains(h, w) {
				req = append(req, domain.RequirePIN)
				break
			}
		}
	}
	return req
}
