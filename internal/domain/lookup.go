package domain

import (
	"context"
	"slices"
	"time"
)

// NumberLookup is what a connector can say of numbers that no register can: who holds each
// today (the losing carrier, after every port since the code was assigned) and whether it
// can port to the carrier, fast or at all. It is optional: a connector whose carrier offers
// no such lookup does not implement it, and the check goes by the registers.
type NumberLookup interface {
	// LookUp answers for every number asked (E.164, US or Canadian), in as few calls as the
	// carrier allows; a number it could not answer for carries Error.
	LookUp(ctx context.Context, numbers []string) ([]CarrierNumberFacts, error)
}

// CarrierFactsFor is how long a carrier's answer about a number is kept before it is asked
// again: a number changes hands rarely, and each answer is a call (often a paid one).
const CarrierFactsFor = 24 * time.Hour

// CarrierNumberFacts is one carrier's answer about one number.
type CarrierNumberFacts struct {
	Number            string
	CarrierID         int64 // the carrier asked
	CarrierName       string
	LosingCarrier     string // who holds the number now, as the carrier names it
	LosingCarrierType string // voip, mobile, fixed line…
	Portable          bool
	FastPortable      bool
	NotPortableReason string // the carrier's words, when not portable
	// Error says, in words, why the carrier could not be asked: the check then goes by the
	// registers and says so. The facts above are empty.
	Error   string
	AskedAt time.Time
}

// Fresh reports whether the answer is recent enough to use at now (a failed ask is never
// kept as an answer: it is asked again).
func (f CarrierNumberFacts) Fresh(now time.Time) bool {
	return f.Error == "" && now.Sub(f.AskedAt) < CarrierFactsFor
}

// CarrierFactsQueries keep carriers' answers about numbers, one per number.
type CarrierFactsQueries interface {
	// CarrierNumberFacts are the answers kept for numbers (any age), by number.
	CarrierNumberFacts(ctx context.Context, numbers []string) (map[string]CarrierNumberFacts, error)
	// PutCarrierNumberFacts keeps answers; one for a number already kept replaces it.
	PutCarrierNumberFacts(ctx context.Context, facts []CarrierNumberFacts) error
}

// CarrierAnswer is a carrier's answer as a number's check shows it.
type CarrierAnswer struct {
	Carrier           string `json:"carrier"`                       // the carrier asked
	Status            string `json:"status"`                        // one of the CarrierSays* below
	LosingCarrier     string `json:"losing_carrier,omitempty"`      // who holds the number now
	LosingCarrierType string `json:"losing_carrier_type,omitempty"` // voip, mobile, fixed line…
	// Reason is the carrier's own words for a number it cannot port.
	Reason  string    `json:"reason,omitempty"`
	Message string    `json:"message"` // the answer in our words
	AskedAt time.Time `json:"asked_at,omitzero"`
}

// What a carrier said of a number's portability.
const (
	CarrierSaysFastPort    = "fast_portable"
	CarrierSaysPortable    = "portable"
	CarrierSaysNotPortable = "not_portable"
	// CarrierSaysUnavailable: the carrier could not be asked; the check is the registers'.
	CarrierSaysUnavailable = "unavailable"
)

// ReasonCarrierNotPortable: the upstream carrier says the number cannot port to it.
const ReasonCarrierNotPortable = "carrier_not_portable"

// JobCarrierLookup asks the carrier that answers for US and Canadian numbers about numbers
// just added or checked, and keeps its answers for the checks to read.
const JobCarrierLookup = "carrier_lookup"

// CarrierLookupArgs name the numbers to ask about: a request's (its numbers now) or a list
// checked on its own.
type CarrierLookupArgs struct {
	PortInID int64    `json:"port_in_id,omitempty"`
	Numbers  []string `json:"numbers,omitempty"`
}

// MayLookUpNANP reports whether the carrier could be asked about US and Canadian numbers: an
// API carrier with its key set that takes either country (whether its connector can answer
// is the connector's to say).
func (c Carrier) MayLookUpNANP() bool {
	return c.Kind.ByAPI() && c.CredentialsSetAt != nil &&
		(len(c.Countries) == 0 || slices.Contains(c.Countries, "US") || slices.Contains(c.Countries, "CA"))
}
