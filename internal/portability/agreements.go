package portability

import (
	"slices"
	"strings"
	"unicode"

	"github.com/portdesk/portdesk/internal/domain"
)

// Agreements is the porting-agreements table prepared for matching provider names as
// people and registers write them: "Vodafone Ltd", "VODAFONE LIMITED", "Cable & Wireless".
type Agreements struct {
	rows      []domain.PortingAgreement
	byName    map[string][]int // country|normalised name or former name → rows
	countries map[string]bool
}

// NewAgreements indexes rows. A later row with the same name wins.
func NewAgreements(rows []domain.PortingAgreement) *Agreements {
	a := &Agreements{rows: rows, byName: map[string][]int{}, countries: map[string]bool{}}
	for i, r := range rows {
		a.countries[r.Country] = true
		for _, n := range append([]string{r.Provider}, r.FormerNames...) {
			if k := r.Country + "|" + NormaliseProvider(n); !slices.Contains(a.byName[k], i) {
				a.byName[k] = append(a.byName[k], i)
			}
		}
	}
	return a
}

// Covers reports whether the table speaks for country at all: where it has no row (the US
// and Canada, where every carrier must port by law) no agreement is needed.
func (a *Agreements) Covers(country string) bool { return a != nil && a.countries[country] }

// Rows is the table as given.
func (a *Agreements) Rows() []domain.PortingAgreement { return a.rows }

// Match finds the agreement for provider in country and category. The name matches when
// it is the same after normalising, or failing that by the longest agreement name the
// provider's name starts with, word by word ("Virgin Media Business" → Virgin Media; but
// "Virgin Media Wholesale" is its own row). known reports whether the provider is in the
// table at all, for some other category perhaps.
func (a *Agreements) Match(country, provider, category string) (row domain.PortingAgreement, known, ok bool) {
	if a == nil {
		return row, false, false
	}
	k := NormaliseProvider(provider)
	if k == "" {
		return row, false, false
	}
	words := strings.Fields(k)
	for n := len(words); n > 0; n-- {
		idx := a.byName[country+"|"+strings.Join(words[:n], " ")]
		if len(idx) == 0 {
			continue
		}
		for _, i := range idx {
			r := a.rows[i]
			if len(r.Categories) == 0 || slices.Contains(r.Categories, category) {
				return r, true, true
			}
		}
		return a.rows[idx[0]], true, false
	}
	return row, false, false
}

// OnlyElsewhere names the countries whose table knows provider when country's does not: a
// UK-only carrier given as the losing provider of US numbers, or the reverse. Empty when the
// provider is known in country, or nowhere.
func (a *Agreements) OnlyElsewhere(country, provider string) []string {
	if a == nil || NormaliseProvider(provider) == "" {
		return nil
	}
	if _, known, _ := a.Match(country, provider, ""); known {
		return nil
	}
	var out []string
	for c := range a.countries {
		if _, known, _ := a.Match(c, provider, ""); known {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}

// legalWords are dropped when comparing names: they differ between a bill, a register and
// what a customer types, without naming a different company.
var legalWords = []string{"ltd", "limited", "plc", "llc", "inc", "incorporated", "the", "co", "corp", "corporation", "uk", "gb", "company"}

// NormaliseProvider reduces a provider name to lower-case words without punctuation or
// legal suffixes; "&" reads as "and".
func NormaliseProvider(s string) string {
	s = strings.ReplaceAll(strings.ToLower(s), "&", " and ")
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		} else {
			b.WriteByte(' ')
		}
	}
	var out []string
	for _, w := range strings.Fields(b.String()) {
		if !slices.Contains(legalWords, w) {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// SameProvider reports whether two names are one provider: the same after normalising, one
// the other's first words, or names of the same provider in the table (a former name).
func (a *Agreements) SameProvider(country, x, y string) bool {
	nx, ny := NormaliseProvider(x), NormaliseProvider(y)
	if nx == "" || ny == "" {
		return false
	}
	if nx == ny || strings.HasPrefix(nx+" ", ny+" ") || strings.HasPrefix(ny+" ", nx+" ") {
		return true
	}
	ax, okx, _ := a.Match(country, x, "")
	ay, oky, _ := a.Match(country, y, "")
	return okx && oky && NormaliseProvider(ax.Provider) == NormaliseProvider(ay.Provider)
}

// ukNonGeographic are the categories the seeds' non-geographic agreements cover.
var ukNonGeographic = []string{"non_geographic", "freephone", "shared_cost", "premium"}

// SeedAgreements is the operator's UK table from the seeds: non-geographic numbers by direct
// interconnect or through a transit operator, geographic numbers from the listed providers,
// with the names those providers traded under before.
func SeedAgreements() []domain.PortingAgreement {
	geo := []string{"geographic"}
	row := func(name string, former []string, cats []string, p domain.Portable, route domain.Route, notes string) domain.PortingAgreement {
		if former == nil {
			former = []string{}
		}
		return domain.PortingAgreement{Country: "GB", Provider: name, FormerNames: former, Categories: cats, Portable: p, Route: route, Notes: notes}
	}
	vodafone := []string{"C&W", "Cable & Wireless", "Energis", "Thus", "Your Communications", "YC"}
	return []domain.PortingAgreement{
		row("BT", []string{"British Telecommunications", "British Telecom"}, ukNonGeographic, domain.PortableYes, domain.RouteDirect, "Direct interconnect."),
		row("Vodafone", vodafone, ukNonGeographic, domain.PortableYes, domain.RouteDirect, "Direct interconnect."),
		row("Virgin Media", []string{"NTL"}, ukNonGeographic, domain.PortableYes, domain.RouteDirect, "Direct interconnect."),
		row("Virgin Media Wholesale", []string{"Telewest"}, ukNonGeographic, domain.PortableYes, domain.RouteDirect, "Direct interconnect."),
		row("Colt", nil, ukNonGeographic, domain.PortableYes, domain.RouteTransit, "Through a transit operator."),
		row("Gamma", nil, ukNonGeographic, domain.PortableYes, domain.RouteTransit, "Through a transit operator."),
		row("Magrathea", nil, ukNonGeographic, domain.PortableYes, domain.RouteTransit, "Through a transit operator."),
		row("Skycom", nil, ukNonGeographic, domain.PortableYes, domain.RouteTransit, "Through a transit operator."),
		row("TalkTalk", nil, ukNonGeographic, domain.PortableYes, domain.RouteTransit, "Through a transit operator."),
		row("Telephony Services", []string{"Telserv"}, ukNonGeographic, domain.PortableYes, domain.RouteTransit, "Through a transit operator."),
		row("BT", []string{"British Telecommunications", "British Telecom"}, geo, domain.PortableYes, "", ""),
		row("Colt", nil, geo, domain.PortableYes, "", ""),
		row("Gamma", nil, geo, domain.PortableYes, "", ""),
		row("Level 3", []string{"Global Crossing"}, geo, domain.PortableYes, "", ""),
		row("Magrathea", nil, geo, domain.CheckRequired, "", "Certain ranges only: the porting team checks the range first."),
		row("Resilient Networks", nil, geo, domain.PortableYes, "", ""),
		row("Skycom", nil, geo, domain.PortableYes, "", ""),
		row("Telephony Services", []string{"Telserv"}, geo, domain.PortableYes, "", ""),
		row("Virgin Media", []string{"NTL", "Telewest", "Eurobell"}, geo, domain.PortableYes, "", ""),
		row("Vodafone", vodafone, geo, domain.PortableYes, "", ""),
	}
}
