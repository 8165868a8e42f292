package domain

import (
	"slices"
	"time"
)

// Money is an amount in the currency's minor units (pence, cents), never a float.
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"` // ISO 4217
}

// SumByCurrency adds up the amounts of items per currency, never across currencies: one
// total per currency, in currency-code order.
func SumByCurrency[T any](items []T, amount func(T) Money) []Money {
	sums := map[string]int64{}
	var codes []string
	for _, it := range items {
		m := amount(it)
		if _, ok := sums[m.Currency]; !ok {
			codes = append(codes, m.Currency)
		}
		sums[m.Currency] += m.Amount
	}
	slices.Sort(codes)
	out := make([]Money, 0, len(codes))
	for _, c := range codes {
		out = append(out, Money{Amount: sums[c], Currency: c})
	}
	return out
}

// CarrierFee is what a losing carrier charges, passed on at cost, per number of a country
// and category.
type CarrierFee struct {
	Country  string `json:"country"`
	Category string `json:"category"`
	Fee      Money  `json:"fee"`
}

// AdminCharge is the operator's charge per losing carrier (the provider the customer leaves),
// in the currency of a country: made once when a request moves more than FreeNumbers numbers
// from its losing provider, however many orders they make.
type AdminCharge struct {
	Country string `json:"country"`
	Charge  Money  `json:"charge"`
}

// PortOutFee is charged per number leaving the operator; quotes show it for reference.
type PortOutFee struct {
	Country string `json:"country"`
	Fee     Money  `json:"fee"`
}

// PriceTable is the operator's prices. Changing it changes future quotes only.
type PriceTable struct {
	CarrierFees  []CarrierFee  `json:"carrier_fees"`
	AdminCharges []AdminCharge `json:"admin_charges"`
	// FreeNumbers is how many numbers from one carrier carry no admin charge (the seeds: 50).
	FreeNumbers int          `json:"free_numbers"`
	PortOutFees []PortOutFee `json:"port_out_fees"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// DefaultPriceTable is what a new installation charges: port-ins free, no carrier fees
// until the operator enters them, an admin charge over 50 numbers from one carrier, and
// the seeds' port-out fees.
func DefaultPriceTable() PriceTable {
	return PriceTable{
		CarrierFees: []CarrierFee{},
		AdminCharges: []AdminCharge{
			{Country: "GB", Charge: Money{2500, "GBP"}},
			{Country: "US", Charge: Money{2500, "USD"}},
			{Country: "CA", Charge: Money{3000, "CAD"}},
		},
		FreeNumbers: 50,
		PortOutFees: []PortOutFee{
			{Country: "GB", Fee: Money{1500, "GBP"}},
			{Country: "US", Fee: Money{2500, "USD"}},
		},
	}
}

// QuoteLine is one charge of a quote.
type QuoteLine struct {
	Kind        string `json:"kind"` // carrier_fee, admin_charge
	Description string `json:"description"`
	Country     string `json:"country"`
	Category    string `json:"category,omitempty"`
	Provider    string `json:"provider,omitempty"`
	Quantity    int    `json:"quantity"`
	Unit        Money  `json:"unit"`
	Total       Money  `json:"total"`
	// Order is the key of the order the line prices (portability.Order.Key), so that a
	// request split into orders charges each line on its own order. It is not part of the
	// quote's hash: it says where a charge goes, not what it costs.
	Order string `json:"order,omitempty"`
}

// Quote is what a request will cost. Totals has one entry per currency; a request with
// numbers in two countries can owe in two currencies.
type Quote struct {
	Lines       []QuoteLine  `json:"lines"`
	Totals      []Money      `json:"totals"`
	PortOutFees []PortOutFee `json:"port_out_fees"` // for reference: what leaving would cost
	// Hash identifies the quote's lines: an acceptance counts only for the quote accepted.
	Hash string `json:"hash"`
	// Priced names what the lines price, the prices left out (portability.Priced): while it
	// is unchanged, an accepted quote stands whatever the price table says since.
	Priced string `json:"-"`
}

// Zero reports whether nothing is owed.
func (q Quote) Zero() bool {
	for _, t := range q.Totals {
		if t.Amount != 0 {
			return false
		}
	}
	return true
}

// QuoteAcceptance records that the customer accepted a quote before submitting.
type QuoteAcceptance struct {
	Hash   string  `json:"hash"`
	Totals []Money `json:"totals"`
	// Lines are the accepted quote's lines as they were: what completing the port charges,
	// whatever the price table says by then. Empty in acceptances made before they were kept.
	Lines []QuoteLine `json:"lines,omitempty"`
	// RequestID is the request that was quoted; Order, on an order split from it, is the
	// key of that order: it charges the lines of its order (and those of no order), once.
	RequestID int64  `json:"request_id,omitempty"`
	Order     string `json:"order,omitempty"`
	// Priced names the orders and numbers the accepted lines price (on an order, its own):
	// while the request's are the same, the acceptance stands, a price change since
	// notwithstanding. Empty in acceptances made before it was kept.
	Priced     string    `json:"priced,omitempty"`
	UserID     int64     `json:"user_id"`
	AcceptedAt time.Time `json:"accepted_at"`
}
