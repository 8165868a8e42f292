package billing_test

import (
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/billing"
	"github.com/portdesk/portdesk/internal/domain"
)

// FuzzParseMajorUnits: whatever is typed, the parser either refuses it or reads an amount
// that the desk writes back and reads again as the same; what it accepts has at most one
// sign, commas only between groups of three digits, and no more decimals than the currency.
func FuzzParseMajorUnits(f *testing.F) {
	for _, s := range []string{"15", "-15.5", "1,250.00", "+0.05", "3000", "1.234", "1,50", "1,2,3", "-+5", "1e3", ".5", "", " 1,000 ", "12,345,678.9"} {
		f.Add(s, int64(0))
	}
	f.Add("", int64(-150000))
	f.Add("", int64(999_999_999_999_99))
	currencies := []string{"GBP", "JPY", "BHD", "USD"}
	f.Fuzz(func(t *testing.T, s string, n int64) {
		for _, cur := range currencies {
			got, err := billing.ParseMajorUnits(s, cur)
			if err != nil {
				if got != 0 || !domain.IsCode(err, domain.ErrInvalid) {
					t.Fatalf("%q %s: %d, %v", s, cur, got, err)
				}
			} else {
				body := strings.TrimLeft(strings.TrimSpace(s), "+-")
				if strings.ContainsAny(body, "+-") || len(strings.TrimSpace(s))-len(body) > 1 {
					t.Fatalf("%q %s: read %d despite its signs", s, cur, got)
				}
				whole, _, _ := strings.Cut(body, ".")
				if groups := strings.Split(whole, ","); len(groups) > 1 {
					for i, g := range groups {
						if i > 0 && len(g) != 3 || i == 0 && (g == "" || len(g) > 3) {
							t.Fatalf("%q %s: read %d despite its commas", s, cur, got)
						}
					}
				}
				again, err := billing.ParseMajorUnits(domain.MajorUnits(domain.Money{Amount: got, Currency: cur}), cur)
				if err != nil || again != got {
					t.Fatalf("%q %s: %d, written %q, read back %d, %v", s, cur, got, domain.MajorUnits(domain.Money{Amount: got, Currency: cur}), again, err)
				}
			}
			// Any amount the desk writes within an adjustment's range reads back the same.
			m := n % 1_000_000_000_000
			w := domain.MajorUnits(domain.Money{Amount: m, Currency: cur})
			if back, err := billing.ParseMajorUnits(w, cur); err != nil || back != m {
				t.Fatalf("%d %s: written %q, read %d, %v", m, cur, w, back, err)
			}
		}
	})
}
