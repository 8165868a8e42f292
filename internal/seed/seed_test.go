package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/seed"
	"github.com/portdesk/portdesk/internal/store/postgres"
	"github.com/portdesk/portdesk/internal/store/sqlite"
)

var now = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func TestSeed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		open    func(testing.TB) domain.Store
		workers int
	}{
		{"sqlite", func(t testing.TB) domain.Store { return sqlite.OpenTest(t) }, 1},
		{"postgres", func(t testing.TB) domain.Store { return postgres.OpenTest(t) }, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st := tc.open(t)
			ctx := context.Background()
			res, err := seed.Run(ctx, st, seed.Shape{Requests: 600, Accounts: 7, Workers: tc.workers, Batch: 50, Seed: 17}, now)
			if err != nil {
				t.Fatal(err)
			}
			if res.Requests != 600 || res.Numbers < 900 || res.Numbers > 1500 || res.Notes == 0 || res.Events < 1200 {
				t.Fatalf("seeded %s", res)
			}
			t.Logf("seeded %s", res)
			var all []domain.PortInSummary
			for before := int64(0); ; {
				page, err := st.ListPortIns(ctx, domain.PortInFilter{BeforeID: before, Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				if len(page) == 0 {
					break
				}
				all = append(all, page...)
				before = page[len(page)-1].ID
			}
			statuses, accounts := map[domain.Status]int{}, map[int64]int{}
			numbers, orders, btns := 0, 0, 0
			for _, p := range all {
				statuses[p.Status]++
				accounts[p.AccountID]++
				numbers += p.NumberCount
				if p.ParentID != 0 {
					orders++
				}
				if p.BTN != "" {
					btns++
				}
				if p.SubmittedAt != nil && p.SubmittedAt.After(now) || p.CreatedAt.Before(now.AddDate(-2, 0, -2)) {
					t.Fatalf("request %d dated outside the two years: %+v", p.ID, p.PortIn)
				}
			}
			if len(all) != 600 || numbers != res.Numbers || len(accounts) != 7 || orders == 0 || btns < 400 {
				t.Fatalf("%d listed, %d numbers (seeded %d), %d accounts, %d orders, %d BTNs", len(all), numbers, res.Numbers, len(accounts), orders, btns)
			}
			if statuses[domain.StatusCompleted] < 300 || statuses[domain.StatusSplit] == 0 || len(statuses) < 6 {
				t.Fatalf("statuses: %v", statuses)
			}
			// The young requests are the working queue.
			open, err := st.ListPortIns(ctx, domain.PortInFilter{Statuses: []domain.Status{domain.StatusSubmitted, domain.StatusInProgress, domain.StatusScheduled}, Limit: 600})
			if err != nil || len(open) < 5 {
				t.Fatalf("queue: %d, %v", len(open), err)
			}
		})
	}
}
