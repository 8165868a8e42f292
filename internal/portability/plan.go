package portability

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/leadtime"
	"github.com/portdesk/portdesk/internal/numbering"
)

// Order is one order a request becomes: the numbers of one losing provider (UK: one range
// holder) on one LOA type.
type Order struct {
	Key      string         `json:"key"`
	Country  string         `json:"country"`
	Provider string         `json:"provider"` // range holder (UK) or losing provider; may be empty
	LOAType  domain.LOAType `json:"loa_type"`
	Route    domain.Route   `json:"route,omitempty"`
	Numbers  []string       `json:"numbers"`
	// CheckRequired counts the numbers the porting team must look at before submitting.
	CheckRequired int `json:"check_required"`
	// RangeHolderUnknown counts the UK fixed-line numbers whose range holder no range data
	// names: the lead time assumes a PRO or SUP order for them, and says which.
	RangeHolderUnknown int `json:"range_holder_unknown"`
	holderAssumed      domain.UKOrder
	// Subsequent: the losing provider is not the range holder (a UK SUP order).
	Subsequent bool               `json:"subsequent"`
	LeadTime   *leadtime.Estimate `json:"lead_time,omitempty"` // nil where ports go by ticket
	LeadNote   string             `json:"lead_time_note,omitempty"`

	// Requires is what the request must carry for this order (domain.Require*): its numbers'
	// requirements, and a new billing number when a partial port moves the billing number.
	// Submit demands exactly these.
	Requires []string `json:"requires"`
	// Warnings are what the customer should look at before submitting, though they do not
	// stop it (a losing provider the operator knows in another country only).
	Warnings []string `json:"warnings,omitempty"`
}

// SetAside is a number left out of the orders, with why.
type SetAside struct {
	Number  string   `json:"number"`
	Reasons []string `json:"reasons"`
	Message string   `json:"message"`
}

// Plan is what a list of numbers turns into.
type Plan struct {
	Orders   []Order      `json:"orders"`
	SetAside []SetAside   `json:"set_aside"`
	Earliest *time.Time   `json:"earliest,omitempty"` // the latest of the orders' earliest dates
	Quote    domain.Quote `json:"quote"`
}

// PlanInput is what a plan needs beyond the checks.
type PlanInput struct {
	LosingProvider string
	MultiLine      bool // the losing provider's records show a multi-line installation
	DDI            leadtime.DDI
	Now            time.Time
	Prices         domain.PriceTable
	Agreements     *Agreements

	// PartialBTN is the billing number of a partial port: the order that moves it needs a
	// new billing number for the lines that stay.
	PartialBTN string
}

// MakePlan groups checked numbers into orders, works out each order's lead time and the
// quote. Numbers that cannot be ported are set aside rather than blocking the others.
func MakePlan(checks []domain.Check, in PlanInput) Plan {
	p := Plan{Orders: []Order{}, SetAside: []SetAside{}}
	byKey := map[string]*Order{}
	var keys []string
	cats := map[string]map[string]int{} // order key → category → count
	for _, c := range checks {
		if c.Portable == domain.PortableNo || len(c.Conflicts) > 0 {
			// The reason that blocks comes first; the mismatch warning, if any, last.
			reasons := slices.DeleteFunc(slices.Clone(c.Reasons), func(r string) bool { return r == domain.ReasonProviderMismatch })
			msg := c.Message
			var conflicts []string
			for _, cf := range c.Conflicts {
				conflicts = append(conflicts, domain.ReasonConflict+":"+cf.Kind)
			}
			if c.Portable != domain.PortableNo {
				// Portable as such, so the check's sentence ("Portable from BT.") and its
				// reasons (warnings) are not why it is set aside: the conflicts are.
				msg, reasons = "", append(conflicts, reasons...)
			} else {
				reasons = append(reasons, conflicts...)
			}
			for _, cf := range c.Conflicts {
				msg = strings.TrimSpace(msg + " " + conflictSentence(cf))
			}
			if slices.Contains(c.Reasons, domain.ReasonProviderMismatch) {
				reasons = append(reasons, domain.ReasonProviderMismatch)
			}
			p.SetAside = append(p.SetAside, SetAside{Number: cmp.Or(c.E164, c.Input), Reasons: reasons, Message: msg})
			continue
		}
		provider := c.RangeHolder
		if c.Country != "GB" || c.RangeHolderSource == "original_network" || provider == "" {
			// Outside the UK the order goes to the losing provider; the original code
			// holder says nothing of today's carrier.
			provider = in.LosingProvider
		}
		// One provider under two names (BT and British Telecommunications plc in Ofcom's
		// files) is one carrier: the agreement it matched names it.
		carrier := NormaliseProvider(provider)
		if c.Agreement != "" {
			carrier = NormaliseProvider(c.Agreement)
		}
		key := c.Country + "|" + string(c.LOAType) + "|" + carrier
		if c.LOAType == domain.LOAUKMobilePAC {
			provider, carrier, key = pacOrder(in.LosingProvider)
		}
		o := byKey[key]
		if o == nil {
			o = &Order{Key: key, Country: c.Country, Provider: provider, LOAType: c.LOAType, Route: c.Route, Numbers: []string{},
				Requires: []string{}}
			byKey[key] = o
			keys = append(keys, key)
			cats[key] = map[string]int{}
			if elsewhere := in.Agreements.OnlyElsewhere(c.Country, in.LosingProvider); len(elsewhere) > 0 {
				o.Warnings = append(o.Warnings, ProviderElsewhere(in.LosingProvider, elsewhere, c.Country))
			}
		}
		o.Numbers = append(o.Numbers, c.E164)
		for _, r := range c.Requires {
			if !slices.Contains(o.Requires, r) {
				o.Requires = append(o.Requires, r)
			}
		}
		if in.PartialBTN != "" && c.E164 == in.PartialBTN && !slices.Contains(o.Requires, domain.RequireNewBTN) {
			o.Requires = append(o.Requires, domain.RequireNewBTN)
		}
		if c.Portable == domain.CheckRequired {
			o.CheckRequired++
		}
		cats[key][c.Category]++
		if c.LeadTimeAssumes != "" {
			o.RangeHolderUnknown++
			// One number assumed SUP makes the order's lead time the longer.
			if o.holderAssumed != domain.OrderSUP {
				o.holderAssumed = c.LeadTimeAssumes
			}
		}
		if c.Country == "GB" && in.LosingProvider != "" && c.RangeHolder != "" && c.RangeHolderSource != "original_network" &&
			!in.Agreements.SameProvider("GB", in.LosingProvider, c.RangeHolder) {
			o.Subsequent = true
		}
	}
	for _, k := range keys {
		o := byKey[k]
		estimate(o, cats[k], in)
		p.Orders = append(p.Orders, *o)
		if o.LeadTime != nil && (p.Earliest == nil || o.LeadTime.Earliest.After(*p.Earliest)) {
			e := o.LeadTime.Earliest
			p.Earliest = &e
		}
	}
	p.Quote = quote(p.Orders, cats, in)
	return p
}

func conflictSentence(c domain.Conflict) string {
	switch c.Kind {
	case domain.ConflictInInventory:
		return "This number is already with us, in an account's inventory: there is nothing to port."
	case domain.ConflictOpenPort:
		return fmt.Sprintf("This number is already on port request %d.", c.PortInID)
	case domain.ConflictNotAvailable:
		return "This number is not available to port into this account: ask the porting team if you think it should be."
	case domain.ConflictReceivingNumber:
		return fmt.Sprintf("Calls to %s are forwarded to this number: choose other routing first.", strings.Join(c.Numbers, ", "))
	}
	return ""
}

// estimate fills in an order's lead time on its country's business calendar.
func estimate(o *Order, cats map[string]int, in PlanInput) {
	if o.LOAType == domain.LOAUKMobilePAC {
		estimatePAC(o, in)
		return
	}
	lo := leadtime.Order{
		Country:       o.Country,
		Numbers:       len(o.Numbers),
		MultiLine:     in.MultiLine || len(o.Numbers) > 1,
		NonGeographic: o.LOAType == domain.LOAUKNonGeographic,
		Mobile:        o.Country == "GB" && cats[string(numbering.Mobile)] == len(o.Numbers),
		Subsequent:    o.Subsequent,
		HolderUnknown: o.RangeHolderUnknown > 0,
		AssumePRO:     o.holderAssumed == domain.OrderPRO,
		Simple:        len(o.Numbers) == 1 && !in.MultiLine,
		TollFree:      o.LOAType == domain.LOAUSTollFree,
		DDI:           in.DDI,
	}
	e, err := leadtime.Calculate(lo, in.Now)
	if err != nil || o.LOAType == domain.LOAInternational { // by arrangement (a 900 number too): no rule gives the date
		o.LeadNote = "Ported on request: the porting team agrees a date with you."
		return
	}
	o.LeadTime = &e
	o.LeadNote = fmt.Sprintf("At least %s (%s); carriers usually take %s.", domain.Plural(e.WorkingDays, "working day"), e.Rule, window(e))
	if e.Assumption != "" {
		o.LeadNote += " " + strings.ToUpper(e.Assumption[:1]) + e.Assumption[1:] + "."
	}
}

func window(e leadtime.Estimate) string {
	if e.QuotedMinWeeks == 0 {
		return fmt.Sprintf("up to %d weeks", e.QuotedMaxWeeks)
	}
	return fmt.Sprintf("%d-%d weeks", e.QuotedMinWeeks, e.QuotedMaxWeeks)
}

// quote prices the orders: carrier fees passed on at cost per number of each order, and the
// admin charge of the seeds, which is per losing carrier (the provider the customer leaves),
// not per order: orders go by range holder, letter type and country, but a request names one
// losing provider, so however it is split its numbers are one carrier's.
func quote(orders []Order, cats map[string]map[string]int, in PlanInput) domain.Quote {
	prices := in.Prices
	q := domain.Quote{Lines: []domain.QuoteLine{}, Totals: []domain.Money{}, PortOutFees: prices.PortOutFees}
	if q.PortOutFees == nil {
		q.PortOutFees = []domain.PortOutFee{}
	}
	for _, o := range orders {
		catNames := make([]string, 0, len(cats[o.Key]))
		for c := range cats[o.Key] {
			catNames = append(catNames, c)
		}
		slices.Sort(catNames)
		for _, c := range catNames {
			fee, ok := carrierFee(prices, o.Country, c)
			if !ok || fee.Amount == 0 {
				continue
			}
			n := cats[o.Key][c]
			q.Lines = append(q.Lines, domain.QuoteLine{Kind: "carrier_fee", Country: o.Country, Category: c, Provider: o.Provider, Quantity: n,
				Unit: fee, Total: domain.Money{Amount: fee.Amount * int64(n), Currency: fee.Currency},
				Description: fmt.Sprintf("Carrier fee, %s %s numbers from %s", o.Country, strings.ReplaceAll(c, "_", "-"), cmp.Or(o.Provider, "the losing provider")),
				Order:       o.Key})
		}
	}
	if l, ok := adminLine(orders, in); ok {
		q.Lines = append(q.Lines, l)
	}
	q.Totals = Totals(q.Lines)
	// The hash is of what is charged, not of which order charges it: acceptances made before
	// lines named their order still match the same quote.
	priced := slices.Clone(q.Lines)
	for i := range priced {
		priced[i].Order = ""
	}
	b, _ := json.Marshal(priced) // plain structs: cannot fail
	sum := sha256.Sum256(b)
	q.Hash = hex.EncodeToString(sum[:16])
	q.Priced = Priced(in.LosingProvider, orders...)
	return q
}

// adminLine is the losing carrier's admin charge: made once when the request moves more than
// the free number of its numbers (several carriers never meet in one request: each losing
// provider is a request of its own). It names no order, so whichever of the request's orders
// completes first charges it, once. Numbers in several countries are priced in the country
// holding most of them (the first order's on a tie).
func adminLine(orders []Order, in PlanInput) (domain.QuoteLine, bool) {
	free := in.Prices.FreeNumbers
	if free <= 0 {
		free = 50
	}
	total, byCountry, country := 0, map[string]int{}, ""
	for _, o := range orders {
		total += len(o.Numbers)
		byCountry[o.Country] += len(o.Numbers)
		if country == "" || byCountry[o.Country] > byCountry[country] {
			country = o.Country
		}
	}
	if total <= free {
		return domain.QuoteLine{}, false
	}
	ch, ok := adminCharge(in.Prices, country)
	if !ok || ch.Amount == 0 {
		return domain.QuoteLine{}, false
	}
	return domain.QuoteLine{Kind: "admin_charge", Country: country, Provider: in.LosingProvider, Quantity: 1, Unit: ch, Total: ch,
		Description: fmt.Sprintf("Administration charge, %d numbers from %s (more than %d from one carrier)", total, cmp.Or(in.LosingProvider, "the losing provider"), free)}, true
}

// Totals adds up quote lines, one total per currency, in currency order.
func Totals(lines []domain.QuoteLine) []domain.Money {
	return domain.SumByCurrency(lines, func(l domain.QuoteLine) domain.Money { return l.Total })
}

// Priced names what a quote prices, the prices left out: the losing carrier and each order's
// key and numbers. While a request's orders are priced alike, the quote its customer accepted
// stands, whatever the price table says since; an order split from the request is priced
// alike while its own order is.
func Priced(losingProvider string, orders ...Order) string {
	h := sha256.New()
	fmt.Fprintf(h, "%q\n", NormaliseProvider(losingProvider))
	sorted := slices.Clone(orders)
	slices.SortFunc(sorted, func(a, b Order) int { return strings.Compare(a.Key, b.Key) })
	for _, o := range sorted {
		fmt.Fprintf(h, "%q %q %q %q\n", o.Key, o.Country, o.LOAType, strings.Join(slices.Sorted(slices.Values(o.Numbers)), ","))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func carrierFee(p domain.PriceTable, country, category string) (domain.Money, bool) {
	for _, f := range p.CarrierFees {
		if f.Country == country && f.Category == category {
			return f.Fee, true
		}
	}
	return domain.Money{}, false
}

func adminCharge(p domain.PriceTable, country string) (domain.Money, bool) {
	for _, a := range p.AdminCharges {
		if a.Country == country {
			return a.Charge, true
		}
	}
	return domain.Money{}, false
}

// FormatTotals writes what a quote comes to: "free", or its totals joined by " + ".
func FormatTotals(q domain.Quote) string {
	if q.Zero() {
		return "free"
	}
	parts := make([]string, len(q.Totals))
	for i, t := range q.Totals {
		parts[i] = domain.FormatMoney(t)
	}
	return strings.Join(parts, " + ")
}
