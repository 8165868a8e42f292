package storetest

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// testListAcrossAccounts: a list over several accounts (a reseller's subtree) is read an
// account at a time and merged (#17); whatever the filter, order and page size, its pages
// are the requests the same filter finds over everything, of those accounts, in order,
// read the same. Over a few accounts (an index walk each) and over more than a statement
// takes arms for (the IDs sorted from an index).
func testListAcrossAccounts(t *testing.T, s domain.Store, _ Engine) {
	agent := domain.User{Staff: true, Role: domain.RoleAgent, Email: "lists@op.example", Name: "Agent", PasswordHash: "h", CreatedAt: t0}
	must(t, s.CreateUser(ctx, &agent))
	root := account(t, s, "Reseller", 0)
	few := []int64{root.ID}
	for i := range 2 {
		few = append(few, account(t, s, fmt.Sprintf("Reseller's %d", i), root.ID).ID)
	}
	var many []int64
	for i := range 40 {
		many = append(many, account(t, s, fmt.Sprintf("Wide %d", i), 0).ID)
	}
	outsider := account(t, s, "Outsider", 0)
	statuses := []domain.Status{domain.StatusDraft, domain.StatusSubmitted, domain.StatusScheduled, domain.StatusCompleted, domain.StatusCancelled}
	// Requests interleaved across the accounts, so no account's run is a page of its own.
	everyone := append(append(append([]int64{}, few...), many...), outsider.ID)
	var parent int64
	for i := range 150 {
		p := portIn(t, s, everyone[(i*7)%len(everyone)])
		p.Status = statuses[i%len(statuses)]
		if i%3 == 0 {
			p.AssignedTo = agent.ID
		}
		if p.Status != domain.StatusDraft {
			p.SubmittedAt = ptr(t0.Add(-time.Duration(i%20) * 24 * time.Hour))
		}
		if p.Status == domain.StatusScheduled {
			p.FOC = ptr(t0.Add(time.Duration(i%4-2) * 24 * time.Hour))
		}
		if i%10 == 4 && parent != 0 {
			p.ParentID = parent
		}
		must(t, s.UpdatePortIn(ctx, &p))
		if i == 9 {
			parent = p.ID
		}
	}
	nobody := int64(0)
	filters := map[string]domain.PortInFilter{
		"all":                 {},
		"brief":               {Brief: true},
		"one status":          {Statuses: []domain.Status{domain.StatusSubmitted}},
		"open statuses":       {Statuses: []domain.Status{domain.StatusDraft, domain.StatusScheduled}},
		"open and ended":      {Statuses: []domain.Status{domain.StatusDraft, domain.StatusCompleted}},
		"assigned to nobody":  {Assigned: &nobody},
		"assigned to agent":   {Assigned: &agent.ID},
		"overdue":             {Overdue: &domain.OverdueCut{FOCBefore: t0, SubmittedBefore: t0.Add(-7 * 24 * time.Hour)}},
		"orders of a request": {ParentID: parent},
	}
	for name, f := range filters {
		for _, oldest := range []bool{false, true} {
			for _, scope := range []struct {
				name string
				ids  []int64
			}{{"few", few}, {"two", few[1:]}, {"many", many}} {
				t.Run(fmt.Sprintf("%s/oldest=%v/%s", name, oldest, scope.name), func(t *testing.T) {
					everything := f
					everything.OldestFirst, everything.Limit = oldest, 1000
					all, err := s.ListPortIns(ctx, everything)
					must(t, err)
					var want []domain.PortInSummary
					for _, p := range all {
						if slices.Contains(scope.ids, p.AccountID) {
							want = append(want, p)
						}
					}
					page := f
					page.AccountIDs, page.OldestFirst = scope.ids, oldest
					got := walkPages(t, s, page, 4)
					if !reflect.DeepEqual(ids2(got), ids2(want)) {
						t.Fatalf("by pages of 4:\n got %v\nwant %v", ids2(got), ids2(want))
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatal("the same requests, read differently")
					}
					if name == "all" && len(want) == 0 {
						t.Fatal("the test's requests are not where it put them")
					}
				})
			}
		}
	}

	// Port-outs over a subtree, newest first by pages.
	var outs []int64
	for i := range 12 {
		o := domain.PortOut{AccountID: everyone[i%4], Status: domain.PortOutPending, Origin: domain.PortOutAnnounced, CreatedAt: t0, UpdatedAt: t0}
		must(t, s.CreatePortOut(ctx, &o))
		if slices.Contains(few, o.AccountID) {
			outs = append([]int64{o.ID}, outs...)
		}
	}
	var got []int64
	var cursor int64
	for range 10 {
		ps, err := s.ListPortOuts(ctx, domain.PortOutFilter{AccountIDs: few, BeforeID: cursor, Limit: 2})
		must(t, err)
		for _, p := range ps {
			got = append(got, p.ID)
			cursor = p.ID
		}
		if len(ps) < 2 {
			break
		}
	}
	if !slices.Equal(got, outs) {
		t.Fatalf("port-outs of a subtree by pages: %v, want %v", got, outs)
	}
}

// walkPages lists what f finds page by page, size at a time, each page after the last one's
// final request in f's order, until a page comes back short.
func walkPages(t *testing.T, s domain.Store, f domain.PortInFilter, size int) []domain.PortInSummary {
	t.Helper()
	var got []domain.PortInSummary
	f.Limit = size
	for range 1000 {
		ps, err := s.ListPortIns(ctx, f)
		must(t, err)
		got = append(got, ps...)
		if len(ps) < size {
			return got
		}
		if f.OldestFirst {
			f.AfterID = ps[len(ps)-1].ID
		} else {
			f.BeforeID = ps[len(ps)-1].ID
		}
	}
	t.Fatal("pages never ended")
	return nil
}

// testNameSearchFollowsNames: a search by part of a name finds a request by its name as it
// is now, in any case, and not once it is renamed or deleted (PostgreSQL reads trigram
// indexes, migration 0028); text shorter than a trigram is found too, and a quote or two
// names at once are text like any other.
func testNameSearchFollowsNames(t *testing.T, s domain.Store, _ Engine) {
	a := account(t, s, "Names Co", 0)
	p := portIn(t, s, a.ID)
	p.CustomerName, p.LosingProvider = "Zebra Crossing Ltd", "Vodafone"
	must(t, s.UpdatePortIn(ctx, &p))
	other := portIn(t, s, a.ID)
	other.CustomerName = "Quiet Street Café"
	must(t, s.UpdatePortIn(ctx, &other))
	find := func(text string) []int64 {
		t.Helper()
		got, err := s.ListPortIns(ctx, domain.PortInFilter{Text: text, Limit: 50})
		must(t, err)
		return ids2(got)
	}
	for _, tc := range []struct {
		text string
		want []int64
	}{
		{"zebra", []int64{p.ID}}, {"CROSSING l", []int64{p.ID}}, {"odafo", []int64{p.ID}}, {"ze", []int64{p.ID}},
		{"street café", []int64{other.ID}}, {`"quiet`, nil}, {"zebra vodafone", nil},
	} {
		if got := find(tc.text); !slices.Equal(got, tc.want) {
			t.Fatalf("%q found %v, want %v", tc.text, got, tc.want)
		}
	}
	p.CustomerName = "Yak Farm"
	must(t, s.UpdatePortIn(ctx, &p))
	if got := find("zebra"); got != nil {
		t.Fatalf("the old name still finds %v", got)
	}
	if got := find("yak farm"); !slices.Equal(got, []int64{p.ID}) {
		t.Fatalf("the new name finds %v", got)
	}
	if got := find("odafo"); !slices.Equal(got, []int64{p.ID}) {
		t.Fatalf("the unchanged provider finds %v after a rename", got)
	}
	must(t, s.DeletePortIn(ctx, p.ID))
	if got := find("yak"); got != nil {
		t.Fatalf("a deleted request is found: %v", got)
	}
	if got := find("street"); !slices.Equal(got, []int64{other.ID}) {
		t.Fatalf("after a delete, another request: %v", got)
	}
}
