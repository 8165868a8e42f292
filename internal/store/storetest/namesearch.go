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
// found two ways at once, each in pages of 1, 7 and 50, both orders, with a status beside;
// LIKE's own characters typed are text like any other.
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
	// Twenty bakeries, six requests each, through seventeen carriers: more names than a page
	// of each is read for, in two fields, so that a text in both ("e") walks for one and
	// tests the other on the same walk (Solo Florist is found by its provider alone).
	for i := range 120 {
		add(plain, fmt.Sprintf("Harbour Bakery %d Ltd", i%20), fmt.Sprintf("Carrier %d", i%17), statuses[i%2])
	}
	for i := range 3 {
		add(plain, "Solo Florist", "Vodafone", statuses[i%2])
	}
	for i := range 4 {
		add(holdings, fmt.Sprintf("Corner Shop %d", i), "Gamma", statuses[i%2])
	}
	add(holdings, "Harbour Bakery 3 Ltd", "Sky", domain.StatusSubmitted) // by its name and its account's
	// Letters beyond ASCII fold too, in the names kept and in the text searched for.
	accented := account(t, s, "Énergie Verte", 0)
	for i := range 2 {
		add(accented, "Ørsted Énergie SARL", "Télécom Ouest", statuses[i%2])
	}
	add(plain, "Bäckerei Müller GmbH", "Deutsche Telekom", domain.StatusSubmitted)
	for _, text := range []string{"bakery", "BAKERY 1", "florist", "vodafone", "holdings", "corner", "r", "e", "carrier", "carrier 1", "harbour bakery 3 ltd", "nowhere", "%", "_", `\`,
		"ÉNERGIE", "énergie verte", "ørsted", "ØRSTED ÉNERGIE SARL", "TÉLÉCOM", "BÄCKEREI MÜLLER"} {
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

// testNamesFoldEveryLetter: names unique but for case are so with letters beyond ASCII too:
// an account among its siblings, a carrier.
func testNamesFoldEveryLetter(t *testing.T, s domain.Store, _ Engine) {
	parent := account(t, s, "Élan Group", 0)
	account(t, s, "Élan Énergie", parent.ID)
	twin := domain.Account{Name: "élan énergie", ParentID: parent.ID, Country: domain.CountryGB, CreatedAt: t0}
	wantCode(t, s.CreateAccount(ctx, &twin), domain.ErrConflict)
	c := domain.Carrier{Name: "Télécom Ouest", Email: "lnp@ouest.example", Kind: domain.CarrierByEmail}
	must(t, s.CreateCarrier(ctx, &c))
	twinCarrier := domain.Carrier{Name: "TÉLÉCOM OUEST", Email: "lnp2@ouest.example", Kind: domain.CarrierByEmail}
	wantCode(t, s.CreateCarrier(ctx, &twinCarrier), domain.ErrConflict)
}

// testForgetNames: the names no request bears any more are forgotten (a deleted draft's
// customer, a renamed one's old name), and those still borne stay and are still found.
func testForgetNames(t *testing.T, s domain.Store, _ Engine) {
	a := account(t, s, "Forget Co", 0)
	gone := domain.PortIn{AccountID: a.ID, Status: domain.StatusDraft, CustomerName: "Zed Fabrics", LosingProvider: "KCOM", CreatedAt: t0, UpdatedAt: t0}
	must(t, s.CreatePortIn(ctx, &gone))
	kept := domain.PortIn{AccountID: a.ID, Status: domain.StatusDraft, CustomerName: "Old Name", LosingProvider: "kcom", CreatedAt: t0, UpdatedAt: t0}
	must(t, s.CreatePortIn(ctx, &kept))
	n, err := s.ForgetNames(ctx)
	must(t, err)
	if n != 0 {
		t.Fatalf("forgot %d names every request bears", n)
	}
	must(t, s.DeletePortIn(ctx, gone.ID))
	kept.CustomerName = "New Name"
	must(t, s.UpdatePortIn(ctx, &kept))
	// "zed fabrics" and "old name" go; "kcom" is still borne, in another case.
	if n, err = s.ForgetNames(ctx); err != nil || n != 2 {
		t.Fatalf("forgot %d names (%v), want 2", n, err)
	}
	if n, err = s.ForgetNames(ctx); err != nil || n != 0 {
		t.Fatalf("forgot %d names again (%v)", n, err)
	}
	for text, want := range map[string][]int64{"kcom": {kept.ID}, "new name": {kept.ID}, "zed": nil, "old name": nil} {
		got, err := s.ListPortIns(ctx, domain.PortInFilter{Text: text, Limit: 50})
		must(t, err)
		if !slices.Equal(ids2(got), want) {
			t.Fatalf("%q found %v, want %v", text, ids2(got), want)
		}
	}
	// A name forgotten and borne again is found again.
	kept.CustomerName = "Old Name"
	must(t, s.UpdatePortIn(ctx, &kept))
	if got, _ := s.ListPortIns(ctx, domain.PortInFilter{Text: "old name", Limit: 50}); !slices.Equal(ids2(got), []int64{kept.ID}) {
		t.Fatalf("a name borne again is not found: %v", ids2(got))
	}
}
