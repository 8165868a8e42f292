package billing

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/currency"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
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
func minorDigits(code string) int { return domain.MinorDigits(code) }

// ParseMajorUnits reads an amount typed in major units into minor units of the currency:
// "15", "-2.5", "+0.05", "1,250.00", ".5". At most one sign, before the digits; commas only
// as thousands separators, between groups of three digits before the point; no more decimals
// than the currency has (none for JPY). Anything else ("1,50", "1,2,3", "-+5", "1e3") is an
// ErrInvalid error with a field error on "amount" saying how to write it: a comma is never
// dropped to guess what was meant.
func ParseMajorUnits(s, code string) (int64, error) {
	digits := minorDigits(code)
	s = strings.TrimSpace(s)
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg, s = s[0] == '-', s[1:]
	}
	whole, frac, point := strings.Cut(s, ".")
	whole, ok := thousands(whole)
	if !ok || whole == "" && frac == "" || point && digits == 0 || len(frac) > digits || !allDigits(frac) || len(whole) > 12 {
		return 0, badAmount(code, digits)
	}
	frac += strings.Repeat("0", digits-len(frac))
	n, err := strconv.ParseInt(desk.OrDefault(whole, "0")+frac, 10, 64)
	if err != nil {
		return 0, badAmount(code, digits)
	}
	if neg {
		n = -n
	}
	return n, nil
}

// thousands reads the digits before the point, with or without commas between groups of
// three ("1250", "1,250", "12,345,678"), and gives them without the commas. A comma
// anywhere else ("1,50", "1,2,3", ",5", "5,") is refused.
func thousands(s string) (string, bool) {
	if !strings.Contains(s, ",") {
		return s, allDigits(s)
	}
	groups := strings.Split(s, ",")
	if len(groups[0]) < 1 || len(groups[0]) > 3 || !allDigits(groups[0]) {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !allDigits(g) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

var decimalsWords = []string{"no decimals", "at most one decimal", "at most two decimals", "at most three decimals"}

// badAmount says how to write an amount in code, as a field error on "amount".
func badAmount(code string, digits int) error {
	decimals := fmt.Sprintf("at most %d decimals", digits)
	if digits < len(decimalsWords) {
		decimals = decimalsWords[digits]
	}
	example := domain.MajorUnits(domain.Money{Amount: 1_250 * pow10(digits), Currency: code})
	example = example[:1] + "," + example[1:] // 1,250.00
	return &domain.Error{Code: domain.ErrInvalid, Message: "not an amount in " + code, Fields: []domain.FieldError{{Field: "amount", Code: "invalid",
		Message: fmt.Sprintf("Give the amount in %s with %s, such as %s or -15: one sign at most, and commas only between groups of three digits.", code, decimals, example)}}}
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
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
	return domain.SumByCurrency(es, func(e domain.LedgerEntry) domain.Money { return e.Amount })
}
