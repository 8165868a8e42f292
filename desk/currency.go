package desk

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/currency"

	"github.com/portdesk/portdesk/domain"
)

// tenders are the ISO 4217 codes in use as legal tender somewhere today: what a customer can
// be charged in. Withdrawn codes (DEM), funds, metals and test codes (X..) are not.
var tenders = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	for it := currency.Query(); it.Next(); {
		if it.IsTender() {
			out[it.Unit().String()] = true
		}
	}
	return out
})

// ValidCurrency says whether code is an ISO 4217 currency in use, written as ISO writes it
// (three capital letters).
func ValidCurrency(code string) bool {
	return len(code) == 3 && strings.ToUpper(code) == code && tenders()[code]
}

// minorDigits is how many digits a currency's minor unit has (GBP 2, JPY 0, BHD 3).
func minorDigits(code string) int {
	u, err := currency.ParseISO(code)
	if err != nil {
		return 2
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale
}

// MajorUnits writes an amount in major units without its currency: "15.00", "-2.50", "300"
// for JPY. Amounts are integers of minor units; they are never floats on the way.
func MajorUnits(m domain.Money) string {
	sign, a := "", m.Amount
	if a < 0 {
		sign, a = "-", -a
	}
	digits := minorDigits(m.Currency)
	if digits == 0 {
		return sign + strconv.FormatInt(a, 10)
	}
	unit := int64(1)
	for range digits {
		unit *= 10
	}
	return fmt.Sprintf("%s%d.%0*d", sign, a/unit, digits, a%unit)
}

// FormatAmount writes an amount for a statement: "GBP 15.00", "GBP -15.00".
func FormatAmount(m domain.Money) string { return m.Currency + " " + MajorUnits(m) }

// ParseMajorUnits reads an amount typed in major units ("15", "-2.5", "1,250.00") into minor
// units of the currency, refusing more decimals than the currency has.
func ParseMajorUnits(s, code string) (int64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	whole, frac, _ := strings.Cut(s, ".")
	digits := minorDigits(code)
	if whole == "" && frac == "" || len(frac) > digits || !allDigits(whole) || !allDigits(frac) || len(whole) > 12 {
		return 0, fmt.Errorf("not an amount in %s", code)
	}
	frac += strings.Repeat("0", digits-len(frac))
	n, err := strconv.ParseInt(orDefault(whole, "0")+frac, 10, 64)
	if err != nil {
		return 0, err
	}
	if neg {
		n = -n
	}
	return n, nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// currencyTotals adds entries up per currency, never across currencies, in code order.
func currencyTotals(es []domain.LedgerEntry) []domain.Money {
	sums := map[string]int64{}
	var codes []string
	for _, e := range es {
		if _, ok := sums[e.Amount.Currency]; !ok {
			codes = append(codes, e.Amount.Currency)
		}
		sums[e.Amount.Currency] += e.Amount.Amount
	}
	slices.Sort(codes)
	out := make([]domain.Money, 0, len(codes))
	for _, c := range codes {
		out = append(out, domain.Money{Amount: sums[c], Currency: c})
	}
	return out
}
