package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// testOverdueFewOrMany: the overdue view lists the same requests, in the same order, page by
// page, whether an engine reads a status's overdue requests from the date's index (few of
// them for the page size) or walks the status in ID order (many): SQLite chooses by a count
// against pages of the size asked for, so small pages here take the walk and large ones the
// index.
func testOverdueFewOrMany(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "Overdue Co", 0)
	cut := domain.OverdueCut{FOCBefore: t0.Add(-time.Hour), SubmittedBefore: t0.AddDate(0, 0, -7)}
	var want []int64 // overdue, in ID order
	for i := range 100 {
		p := domain.PortIn{AccountID: acc.ID, Status: domain.StatusSubmitted, CreatedAt: t0, UpdatedAt: t0}
		switch i % 4 {
		case 0: // waiting since before the cut
			p.SubmittedAt = ptr(t0.AddDate(0, 0, -10-i))
		case 1: // scheduled at a FOC that has passed
			p.Status, p.SubmittedAt, p.FOC = domain.StatusScheduled, ptr(t0.AddDate(0, 0, -3)), ptr(t0.Add(-time.Duration(2+i)*time.Hour))
		case 2: // recent
			p.Status, p.SubmittedAt = domain.StatusInProgress, ptr(t0.AddDate(0, 0, -1))
		default: // scheduled, FOC to come
			p.Status, p.SubmittedAt, p.FOC = domain.StatusScheduled, ptr(t0.AddDate(0, 0, -3)), ptr(t0.Add(48*time.Hour))
		}
		must(t, s.CreatePortIn(ctx, &p))
		if i%4 < 2 {
			want = append(want, p.ID)
		}
	}
	newest := slices.Clone(want)
	slices.Reverse(newest)
	for _, limit := range []int{1, 2, 7, 50} {
		for _, oldest := range []bool{false, true} {
			var got []int64
			f := domain.PortInFilter{AccountIDs: []int64{acc.ID}, Overdue: &cut, OldestFirst: oldest, Limit: limit}
			for range 100 {
				page, err := s.ListPortIns(ctx, f)
				must(t, err)
				if len(page) == 0 {
					break
				}
				got = append(got, ids2(page)...)
				if oldest {
					f.AfterID = page[len(page)-1].ID
				} else {
					f.BeforeID = page[len(page)-1].ID
				}
			}
			w := newest
			if oldest {
				w = want
			}
			if !slices.Equal(got, w) {
				t.Fatalf("pages of %d, oldest first %v: %v, want %v", limit, oldest, got, w)
			}
		}
	}
}
