package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// TestListCacheFollowsEveryChange: a customer's list page is sent from the cache while
// nothing it shows has changed, and never once something has, whoever or whatever made
// the change: the customer, the team, a write to the store beneath the use cases, in the
// customer's account or one below it. Other customers' changes, other users and the team
// get pages of their own.
func TestListCacheFollowsEveryChange(t *testing.T) {
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		c, x := newClientAPI(t, env)
		ctx := context.Background()
		cust := env.NewCustomer(t, "Cached Co", 0, domain.CountryGB)
		branch := env.NewCustomer(t, "Cached Co Branch", cust.Account.ID, domain.CountryGB)
		other := env.NewCustomer(t, "Uncached Co", 0, domain.CountryGB)
		_, agent := env.NewStaff(t, "cache-agent@portdesk.test", domain.RoleAgent)
		const list = "/api/v1/port-ins?limit=10"
		n := 0
		create := func(tok string, account int64) int64 {
			t.Helper()
			n++
			body := map[string]any{"losing_provider": "BT", "customer_name": "Acme Widgets Ltd",
				"numbers": []map[string]string{{"number": fmt.Sprintf("+44113496%04d", n)}}}
			if account != 0 {
				body["account_id"] = account
			}
			res := c.do("POST", "/api/v1/port-ins", tok, body)
			if res.code != http.StatusCreated {
				t.Fatalf("create: %d %s", res.code, res.body)
			}
			var p struct{ ID int64 }
			res.json(t, &p)
			return p.ID
		}
		// page reads the list and says whether it came from the cache.
		page := func(tok string) (listJSON[summaryJSON], []byte, bool) {
			t.Helper()
			hits := x.lists.counts.Hits.Load()
			res := c.do("GET", list, tok, nil)
			if res.code != http.StatusOK {
				t.Fatalf("list: %d %s", res.code, res.body)
			}
			var l listJSON[summaryJSON]
			res.json(t, &l)
			return l, res.body, x.lists.counts.Hits.Load() > hits
		}
		fresh := func(what string, tok string, check func(l listJSON[summaryJSON]) bool) {
			t.Helper()
			l, body, cached := page(tok)
			if cached || !check(l) {
				t.Fatalf("after %s: from the cache %v, page %s", what, cached, body)
			}
		}
		find := func(l listJSON[summaryJSON], id int64) summaryJSON {
			i := slices.IndexFunc(l.Data, func(s summaryJSON) bool { return s.ID == id })
			if i < 0 {
				return summaryJSON{}
			}
			return l.Data[i]
		}

		first := create(cust.Token, 0)
		_, body, cached := page(cust.Token)
		if cached {
			t.Fatal("the first page came from the cache")
		}
		_, again, cached := page(cust.Token)
		if !cached || !bytes.Equal(again, body) {
			t.Fatalf("an unchanged list: from the cache %v, %s then %s", cached, body, again)
		}

		below := create(cust.Token, branch.Account.ID)
		fresh("a request in the account below", cust.Token, func(l listJSON[summaryJSON]) bool { return find(l, below).ID == below })
		create(branch.Token, 0)
		fresh("the branch's own request", cust.Token, func(l listJSON[summaryJSON]) bool { return len(l.Data) == 3 })

		if res := c.do("POST", fmt.Sprintf("/api/v1/port-ins/%d/notes", first), agent, map[string]any{"body": "We have asked BT."}); res.code != http.StatusCreated {
			t.Fatalf("note: %d %s", res.code, res.body)
		}
		fresh("the team's note", cust.Token, func(l listJSON[summaryJSON]) bool { return find(l, first).NoteCount == 1 })

		// Accounts are renamed beneath the API (the store alone writes names after creation).
		renamed := branch.Account
		renamed.Name = "Cached Co North"
		if err := env.Store.UpdateAccount(ctx, &renamed); err != nil {
			t.Fatal(err)
		}
		fresh("the branch renamed", cust.Token, func(l listJSON[summaryJSON]) bool { return find(l, below).AccountName == "Cached Co North" })

		p, err := env.Store.PortIn(ctx, first)
		if err != nil {
			t.Fatal(err)
		}
		p.CustomerName = "Changed Beneath Ltd"
		if err := env.Store.UpdatePortIn(ctx, &p); err != nil {
			t.Fatal(err)
		}
		fresh("a write to the store", cust.Token, func(l listJSON[summaryJSON]) bool { return find(l, first).CustomerName == "Changed Beneath Ltd" })

		_, body, _ = page(cust.Token)
		create(other.Token, 0)
		if _, again, cached := page(cust.Token); !cached || !bytes.Equal(again, body) {
			t.Fatalf("another customer's request: from the cache %v", cached)
		}

		// Another user of the same account reads its own page; the team's are never kept.
		u, _, err := env.Access.CreateUser(ctx, desk.System(), access.NewUser{AccountID: cust.Account.ID, Role: domain.RoleAdmin,
			Email: "second@cached.example", Name: "Second", Password: cust.Password})
		if err != nil {
			t.Fatal(err)
		}
		second, err := env.Access.TokenFor(ctx, u.Email, "test")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, cached := page(second); cached {
			t.Fatal("another user was sent the first user's page")
		}
		misses := x.lists.counts.Misses.Load()
		for range 2 {
			if l, _, cached := page(agent); cached || len(l.Data) != 4 {
				t.Fatalf("the team's list: from the cache %v, %d requests", cached, len(l.Data))
			}
		}
		if got := x.lists.counts.Misses.Load(); got != misses {
			t.Fatalf("the team's lists, never kept, counted as %d misses", got-misses)
		}
		if _, _, cached := page(cust.Token); !cached || x.lists.counts.Misses.Load() != misses {
			t.Fatal("the customer's page, unchanged since, was not sent from the cache")
		}
		page(second)
		if x.lists.counts.Misses.Load() != misses {
			t.Fatal("the second user's page, kept a moment ago, was read again")
		}
	})
}

// TestListCacheKeepsWithinItsBytes: pages past the cache's size push others out; a page
// too big for an eighth of it is not kept at all.
func TestListCacheKeepsWithinItsBytes(t *testing.T) {
	t.Parallel()
	c := newListCache(10_000, nil)
	tree := &domain.Subtree{Root: 1, IDs: []int64{1, 2}, ListVersions: []int64{5, 7}}
	for i := range 100 {
		c.put(listKey{user: 1, path: "/p", query: fmt.Sprint(i)}, tree, "", bytes.Repeat([]byte("x"), 900), 0, portin.Keep{})
		if c.size > c.max || c.size <= 0 {
			t.Fatalf("after %d pages the cache holds %d bytes of %d", i+1, c.size, c.max)
		}
	}
	kept := listKey{user: 1, path: "/p", query: "99"}
	if _, ok := c.get(kept, tree, ""); !ok {
		t.Fatal("the last page put is not kept")
	}
	moved := &domain.Subtree{Root: 1, IDs: []int64{1, 2}, ListVersions: []int64{5, 8}}
	if _, ok := c.get(kept, moved, ""); ok {
		t.Fatal("a page was sent at versions that have moved")
	}
	big := listKey{user: 1, path: "/p", query: "big"}
	c.put(big, tree, "", []byte(strings.Repeat("x", 2000)), 0, portin.Keep{})
	if _, ok := c.get(big, tree, ""); ok {
		t.Fatal("a page of a fifth of the cache was kept")
	}
	staff := domain.Actor{Staff: true, Subtree: tree}
	if c.scope(staff) != nil || newListCache(0, nil).scope(domain.Actor{Subtree: tree}) != nil || c.scope(domain.Actor{Subtree: tree}) == nil {
		t.Fatal("scope: only a customer's pages are kept, and only by a cache with room")
	}
}

// TestListCacheUnderConcurrentUse: pages put and read from many goroutines at once stay
// within the cache's bytes, and a page read back is one that was put for its key (run with
// the race detector in CI).
func TestListCacheUnderConcurrentUse(t *testing.T) {
	t.Parallel()
	c := newListCache(64<<10, nil)
	tree := &domain.Subtree{Root: 1, IDs: []int64{1}, ListVersions: []int64{1}}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				k := listKey{user: int64(i % 40), path: "/p", query: fmt.Sprint(g % 2)}
				want := fmt.Sprintf("page of %d/%d", k.user, g%2)
				c.put(k, tree, "", bytes.Repeat([]byte(want), 20), int64(k.user), portin.Keep{})
				if p, ok := c.get(k, tree, ""); ok && (!bytes.HasPrefix(p.body, []byte(want)) || p.etag != k.user) {
					t.Errorf("key %+v sent %.20s", k, p.body)
				}
			}
		})
	}
	wg.Wait()
	if c.size > c.max || c.size <= 0 {
		t.Fatalf("the cache holds %d bytes of %d", c.size, c.max)
	}
}
