package storetest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

// testListCounts: the counts a list shows are kept on the request as numbers are added,
// removed and moved to an order and notes added (migration 0019), and agree with a count.
func testListCounts(t *testing.T, s domain.Store, _ Engine) {
	a := account(t, s, "Counts Co", 0)
	p, order := portIn(t, s, a.ID), portIn(t, s, a.ID)
	var ns []domain.PortNumber
	for _, n := range []string{"+441134960705", "+441134960701", "+441134960709", "+441134960703"} {
		ns = append(ns, domain.PortNumber{Number: n, Status: domain.NumberPending, AddedAt: t0})
	}
	must(t, s.AddPortInNumbers(ctx, p.ID, ns))
	must(t, s.AddNote(ctx, &domain.Note{PortInID: p.ID, AuthorName: "x", Body: "seen", CreatedAt: t0}))
	must(t, s.AddNote(ctx, &domain.Note{PortInID: p.ID, AuthorName: "x", Body: "team only", Internal: true, CreatedAt: t0}))
	summary := func(id int64) domain.PortInSummary {
		t.Helper()
		got, err := s.ListPortIns(ctx, domain.PortInFilter{AccountIDs: []int64{a.ID}, Limit: 10})
		must(t, err)
		i := slices.IndexFunc(got, func(x domain.PortInSummary) bool { return x.ID == id })
		if i < 0 {
			t.Fatalf("request %d not listed", id)
		}
		n, err := s.CountPortInNumbers(ctx, id, "")
		must(t, err)
		if got[i].NumberCount != n {
			t.Fatalf("request %d: listed %d numbers, holds %d", id, got[i].NumberCount, n)
		}
		return got[i]
	}
	if got := summary(p.ID); got.NumberCount != 4 || got.FirstNumber != "+441134960701" || got.NoteCount != 1 {
		t.Fatalf("after adding: %+v", got)
	}
	must(t, s.RemovePortInNumber(ctx, p.ID, "+441134960701"))
	if got := summary(p.ID); got.NumberCount != 3 || got.FirstNumber != "+441134960703" {
		t.Fatalf("after removing the first: %+v", got)
	}
	// A status change moves nothing; a move takes from one and gives to the other.
	must(t, s.SetPortInNumberStatus(ctx, p.ID, domain.NumberSubmitted, true))
	must(t, s.MovePortInNumbers(ctx, p.ID, order.ID, []string{"+441134960703", "+441134960709"}))
	if got := summary(p.ID); got.NumberCount != 1 || got.FirstNumber != "+441134960705" {
		t.Fatalf("after the move, the request: %+v", got)
	}
	if got := summary(order.ID); got.NumberCount != 2 || got.FirstNumber != "+441134960703" || got.NoteCount != 0 {
		t.Fatalf("after the move, the order: %+v", got)
	}
	must(t, s.RemovePortInNumber(ctx, p.ID, "+441134960705"))
	if got := summary(p.ID); got.NumberCount != 0 || got.FirstNumber != "" {
		t.Fatalf("with no numbers: %+v", got)
	}
}

// testNumberSearch: a number is found by its E.164, by its digits with the country code,
// by the start of its national form with or without the trunk 0, and by its last digits;
// a BTN likewise. Digits from its middle are not a search (#17: every form is an index range).
func testNumberSearch(t *testing.T, s domain.Store, _ Engine) {
	a := account(t, s, "Search Co", 0)
	uk, us, btn := portIn(t, s, a.ID), portIn(t, s, a.ID), portIn(t, s, a.ID)
	must(t, s.AddPortInNumbers(ctx, uk.ID, []domain.PortNumber{{Number: "+441134960812", Status: domain.NumberPending, AddedAt: t0}}))
	must(t, s.AddPortInNumbers(ctx, us.ID, []domain.PortNumber{{Number: "+14155550899", Status: domain.NumberPending, AddedAt: t0}}))
	btn.BTN = "+442079460857"
	must(t, s.UpdatePortIn(ctx, &btn))
	for _, tc := range []struct {
		number string
		id     int64
		want   []int64
	}{
		{number: "+441134960812", want: []int64{uk.ID}},
		{number: "+44113496081", want: nil}, // E.164 is exact
		{number: "441134960812", want: []int64{uk.ID}},
		{number: "4411349", want: []int64{uk.ID}},
		{number: "0113496", want: []int64{uk.ID}},
		{number: "113496", want: []int64{uk.ID}},
		{number: "4155", want: []int64{us.ID}},
		{number: "14155550899", want: []int64{us.ID}},
		{number: "0812", want: []int64{uk.ID}},
		{number: "960812", want: []int64{uk.ID}},
		{number: "4960", want: nil},
		{number: "+442079460857", want: []int64{btn.ID}},
		{number: "020794", want: []int64{btn.ID}},
		{number: "60857", want: []int64{btn.ID}},
		{number: "9999", want: nil},
		{number: "99", id: us.ID, want: []int64{us.ID}},
		{number: "0899", id: uk.ID, want: []int64{uk.ID, us.ID}},
	} {
		got, err := s.ListPortIns(ctx, domain.PortInFilter{AccountIDs: []int64{a.ID}, Number: tc.number, ID: tc.id, Limit: 10})
		must(t, err)
		var ids []int64
		for _, p := range got {
			ids = append(ids, p.ID)
		}
		slices.Reverse(ids) // newest first
		if !slices.Equal(ids, tc.want) {
			t.Errorf("search %q (id %d): %v, want %v", tc.number, tc.id, ids, tc.want)
		}
	}
}

// testNumberSearchMany: digits that begin more numbers than a search reads first (a block of
// 70) find what digits few numbers bear would: each request once however many of its
// numbers and its BTN match, newest first, within the list's filters and page.
func testNumberSearchMany(t *testing.T, s domain.Store, _ Engine) {
	a := account(t, s, "Number Block Co", 0)
	block, single, billed := portIn(t, s, a.ID), portIn(t, s, a.ID), portIn(t, s, a.ID)
	var ns []domain.PortNumber
	for i := range 70 {
		ns = append(ns, domain.PortNumber{Number: fmt.Sprintf("+4411749600%02d", i), Status: domain.NumberPending, AddedAt: t0})
	}
	must(t, s.AddPortInNumbers(ctx, block.ID, ns))
	must(t, s.AddPortInNumbers(ctx, single.ID, []domain.PortNumber{{Number: "+441174961234", Status: domain.NumberPending, AddedAt: t0},
		{Number: "+441174969999", Status: domain.NumberPending, AddedAt: t0}}))
	billed.BTN, billed.Status = "+441174960001", domain.StatusSubmitted
	must(t, s.UpdatePortIn(ctx, &billed))
	submitted, draft := []domain.Status{domain.StatusSubmitted}, []domain.Status{domain.StatusDraft}
	for _, tc := range []struct {
		number   string
		id       int64
		statuses []domain.Status
		limit    int
		want     []int64 // newest first
	}{
		{number: "0117496", want: []int64{billed.ID, single.ID, block.ID}},
		{number: "01174960", want: []int64{billed.ID, block.ID}},
		{number: "0117496000", want: []int64{billed.ID, block.ID}}, // ten of the block's
		{number: "+441174960001", want: []int64{billed.ID, block.ID}},
		{number: "0001", want: []int64{billed.ID, block.ID}},
		{number: "9999", want: []int64{single.ID}}, // a run of 9s: no string of its length follows
		{number: "01174969999", want: []int64{single.ID}},
		{number: "0117496", statuses: submitted, want: []int64{billed.ID}},
		{number: "0117496", statuses: draft, want: []int64{single.ID, block.ID}},
		{number: "0117496000", statuses: draft, want: []int64{block.ID}},
		{number: "0117496", limit: 2, want: []int64{billed.ID, single.ID}},
		{number: "0117496000", limit: 1, want: []int64{billed.ID}},
		{number: "01174960", id: single.ID, want: []int64{billed.ID, single.ID, block.ID}},
		{number: "0117496000", id: single.ID, statuses: submitted, want: []int64{billed.ID}},
	} {
		limit := tc.limit
		if limit == 0 {
			limit = 10
		}
		got, err := s.ListPortIns(ctx, domain.PortInFilter{AccountIDs: []int64{a.ID}, Number: tc.number, ID: tc.id,
			Statuses: tc.statuses, Limit: limit})
		must(t, err)
		var ids []int64
		for _, p := range got {
			ids = append(ids, p.ID)
		}
		if !slices.Equal(ids, tc.want) {
			t.Errorf("search %q (id %d, %v, limit %d): %v, want %v", tc.number, tc.id, tc.statuses, tc.limit, ids, tc.want)
		}
	}
}
