package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

// testNameSearchEveryWay: a search by part of a name finds what a look at every request
// would, whichever way it reads them (migration 0035): one name (a page of its index), more
// names than it reads a page of each for, borne by few requests (read from their index,
// sorted) or by many for the page's size (a walk in ID order), an account's name, and names
// found two ways at once, each in pages of 1, 7 and 50, both orders, with a status beside.
func testNameSearchEveryWay(t *testing.T, s domain.Store, _ Engine) {
	plain := account(t, s, "Plain Co", 0)
	holdings := account(t, s, "Bakery Holdings", 0)
	type made struct {
		domain.PortIn
		account string
	}
	var all []made
	add := func(acc domain.Account, customer, provider string, status domain.Status) {
		p := domain.PortIn{AccountID: acc.ID, Status: status, CustomerName: customer, LosingProvider: provider, CreatedAt: t0, UpdatedAt: t0}
		must(t, s.CreatePortIn(ctx, &p))
		all = append(all, made{p, acc.Name})
	}
	statuses := []domain.Status{domain.StatusDraft, domain.StatusSubmitted}
	// Twenty bakeries, six requests each: more names than a page of each is read for.
	for i := range 120 {
		add(plain, fmt.Sprintf("Harbour Bakery %d Ltd", i%20), "BT", statuses[i%2])
	}
	for i := range 3 {
		add(plain, "Solo Florist", "Vodafone", statuses[i%2])
	}
	for i := range 4 {
		add(holdings, fmt.Sprintf("Corner Shop %d", i), "Gamma", statuses[i%2])
	}
	add(holdings, "Harbour Bakery 3 Ltd", "Sky", domain.StatusSubmitted) // by its name and its account's
	for _, text := range []string{"bakery", "BAKERY 1", "florist", "vodafone", "holdings", "corner", "r", "harbour bakery 3 ltd", "nowhere"} {
		for _, status := range []domain.Status{"", domain.StatusSubmitted} {
			var want []int64 // newest first
			for _, m := range slices.Backward(all) {
				hay := strings.ToLower(m.CustomerName + "\n" + m.LosingProvider + "\n" + m.account)
				if strings.Contains(hay, strings.ToLower(text)) && (status == "" || m.Status == status) {
					want = append(want, m.ID)
				}
			}
			f := domain.PortInFilter{Text: text}
			if status != "" {
				f.Statuses = []domain.Status{status}
			}
			for _, size := range []int{1, 7, 50} {
				for _, oldest := range []bool{false, true} {
					f.OldestFirst = oldest
					got := ids2(walkPages(t, s, f, size))
					w := slices.Clone(want)
					if oldest {
						slices.Reverse(w)
					}
					if !slices.Equal(got, w) {
						t.Fatalf("%q (status %q) in pages of %d, oldest first %v: %v, want %v", text, status, size, oldest, got, w)
					}
				}
			}
		}
	}
}
