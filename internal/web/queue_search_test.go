package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// The team's list opens on the queue (submitted, in progress, action required, scheduled),
// oldest first; drafts are one click away; the one search box finds a request by a number in
// any format, its ID, the customer's name, the account and the losing provider, on both engines.
func TestWebQueueDefaultsAndSearch(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		alpha := env.NewCustomer(t, "Queue Alpha", 0, domain.CountryGB)
		beta := env.NewCustomer(t, "Queue Beta", 0, domain.CountryGB)
		env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		s1 := env.Submitted(t, alpha.Actor, "0113 496 0781")
		s2 := env.Submitted(t, alpha.Actor, "0113 496 0782")
		s3 := env.Submitted(t, beta.Actor, "0113 496 0784")
		str := func(s string) *string { return &s }
		draft, err := env.PortIns.Create(context.Background(), alpha.Actor, portin.Changes{
			Numbers: []portin.NumberInput{{Number: "0113 496 0783"}}, CustomerName: str("Zeta Foods"), LosingProvider: str("Virgin Media")})
		if err != nil {
			t.Fatal(err)
		}
		s := newBrowser(t, env)
		s.login("agent@op.example", "correct horse battery staple")
		row := func(id int64) string { return "#" + strconv.FormatInt(id, 10) + "<" }
		shows := func(t *testing.T, path string, want ...int64) {
			t.Helper()
			code, page, _ := s.get(path)
			if code != 200 {
				t.Fatalf("%s: %d", path, code)
			}
			last := -1
			for _, id := range want {
				i := strings.Index(page, row(id))
				if i < 0 || i < last {
					t.Fatalf("%s: want %v in that order, #%d missing or out of order:\n%s", path, want, id, page)
				}
				last = i
			}
			for _, id := range []int64{s1.ID, s2.ID, s3.ID, draft.ID} {
				if strings.Contains(page, row(id)) && !containsID(want, id) {
					t.Fatalf("%s: #%d listed, want only %v", path, id, want)
				}
			}
		}
		shows(t, "/", s1.ID, s2.ID, s3.ID)
		shows(t, "/?status=draft", draft.ID)
		shows(t, "/?status=all&order=newest", draft.ID, s3.ID, s2.ID, s1.ID)
		for _, tc := range []struct {
			q    string
			want []int64
		}{
			{"01134960782", []int64{s2.ID}},
			{"+44 113 496 0782", []int64{s2.ID}},
			{"(0113) 496-0782", []int64{s2.ID}},
			{"+441134960784", []int64{s3.ID}},
			{"#" + strconv.FormatInt(s3.ID, 10), []int64{s3.ID}},
			{"queue beta", []int64{s3.ID}},
			{"ACME widgets", []int64{s1.ID, s2.ID, s3.ID}},
			{"BT", []int64{s1.ID, s2.ID, s3.ID}},
		} {
			shows(t, "/?q="+url.QueryEscape(tc.q), tc.want...)
		}
		shows(t, "/?status=all&q=zeta", draft.ID)
		shows(t, "/?status=all&q=virgin", draft.ID)
		if _, page, _ := s.get("/?q=" + url.QueryEscape("<b>nothing</b>")); !strings.Contains(page, "No request matches") || strings.Contains(page, "<b>nothing") {
			t.Fatalf("a search that finds nothing:\n%s", page)
		}
		if _, page, _ := s.get("/?assigned=me"); !strings.Contains(page, "The queue is clear") || strings.Contains(page, "Move your numbers to us") {
			t.Fatalf("the team's empty queue:\n%s", page)
		}
		cust := newBrowser(t, env)
		cust.login(beta.Admin.Email, beta.Password)
		if _, page, _ := cust.get("/?q=queue"); !strings.Contains(page, row(s3.ID)) || strings.Contains(page, row(s1.ID)) {
			t.Fatal("a customer's search must stay inside the customer's requests")
		}
	})
}

func containsID(ids []int64, id int64) bool {
	for _, i := range ids {
		if i == id {
			return true
		}
	}
	return false
}
