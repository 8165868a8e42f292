package storetest

import (
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

// testNumberPages reads a request's numbers a page at a time, by the last number read, and
// counts them: the pages together are the numbers in order, each once, and a status filter
// holds on every page and on the count.
func testNumberPages(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "Paged Co", 0)
	p := portIn(t, s, acc.ID)
	other := portIn(t, s, acc.ID)
	ns := make([]domain.PortNumber, 25)
	for i := range ns {
		st := domain.NumberPending
		if i%5 == 0 {
			st = domain.NumberSetAside
		}
		// Added out of order: the pages are in number order whatever the insert's.
		ns[i] = domain.PortNumber{Number: "+441134" + pad6(len(ns)-i), Status: st, Warnings: []string{"w"}, AddedAt: t0}
	}
	must(t, s.AddPortInNumbers(ctx, p.ID, ns))
	must(t, s.AddPortInNumbers(ctx, other.ID, []domain.PortNumber{{Number: "+441134000000", Status: domain.NumberPending, AddedAt: t0}}))

	tests := []struct {
		name   string
		status domain.NumberStatus
		want   int
	}{
		{"all", "", 25},
		{"set aside", domain.NumberSetAside, 5},
		{"pending", domain.NumberPending, 20},
		{"none of the status", domain.NumberPorted, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := s.CountPortInNumbers(ctx, p.ID, tt.status)
			must(t, err)
			if n != tt.want {
				t.Errorf("count %d, want %d", n, tt.want)
			}
			var got []domain.PortNumber
			after := ""
			for pages := 0; ; pages++ {
				if pages > tt.want {
					t.Fatal("the pages do not end")
				}
				page, err := s.PortInNumbersPage(ctx, p.ID, domain.NumberPageFilter{After: after, Status: tt.status, Limit: 4})
				must(t, err)
				if len(page) > 4 {
					t.Fatalf("page of %d, limit 4", len(page))
				}
				got = append(got, page...)
				if len(page) < 4 {
					break
				}
				after = page[len(page)-1].Number
			}
			if len(got) != tt.want {
				t.Fatalf("%d numbers over the pages, want %d", len(got), tt.want)
			}
			for i, n := range got {
				if i > 0 && n.Number <= got[i-1].Number {
					t.Errorf("%s after %s: not in number order", n.Number, got[i-1].Number)
				}
				if n.PortInID != p.ID || (tt.status != "" && n.Status != tt.status) {
					t.Errorf("%s: request %d, status %s", n.Number, n.PortInID, n.Status)
				}
				if len(n.Warnings) != 1 || !n.AddedAt.Equal(t0) {
					t.Errorf("%s: warnings %v, added %v", n.Number, n.Warnings, n.AddedAt)
				}
			}
		})
	}
}
