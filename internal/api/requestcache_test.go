package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// TestRequestCacheFollowsEveryChange: a customer's or a team member's GET of a settled
// request is sent from the cache, with its ETag, while nothing it shows has changed, and
// never once something has: the team's moves, its numbers, a partial completion, a write
// beneath the use cases. A completed request (its SMS states are the inventory's) is read
// afresh every time; a draft is kept too (TestDraftCacheFollowsItsPlan).
func TestRequestCacheFollowsEveryChange(t *testing.T) {
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		c, x := newClientAPI(t, env)
		ctx := context.Background()
		cust := env.NewCustomer(t, "Kept Co", 0, domain.CountryGB)
		other := env.NewCustomer(t, "Unkept Co", 0, domain.CountryGB)
		_, agent := env.NewStaff(t, "kept-agent@portdesk.test", domain.RoleAgent)

		// The customer's token reads its accounts' versions; the team's reads the request's.
		pr := &cacheProbe{c: c, x: x, readers: []string{cust.Token, agent}}
		get, kept, fresh := pr.get, pr.kept, pr.fresh
		readers := pr.readers
		numberStatus := func(p portInJSON, n string) domain.NumberStatus {
			for _, x := range p.Numbers {
				if x.Number == n {
					return x.Status
				}
			}
			return ""
		}

		res := c.do("POST", "/api/v1/port-ins", cust.Token, map[string]any{"losing_provider": "BT", "customer_name": "Acme Widgets Ltd",
			"numbers": []map[string]string{{"number": "+441134960100"}}})
		if res.code != http.StatusCreated {
			t.Fatalf("create: %d %s", res.code, res.body)
		}
		var draft portInJSON
		res.json(t, &draft)
		kept(t, "a draft", draft.ID)

		const a, b = "+441134960201", "+441134960202"
		p := env.Submitted(t, cust.Actor, a, b)
		kept(t, "a submitted request", p.ID)

		moved := c.do("POST", fmt.Sprintf("/api/v1/port-ins/%d/transitions", p.ID), agent, map[string]any{"status": "in_progress", "version": p.Version})
		if moved.code != http.StatusOK {
			t.Fatalf("in progress: %d %s", moved.code, moved.body)
		}
		fresh(t, "the team's move", p.ID, func(got portInJSON) bool { return got.Status == domain.StatusInProgress })
		kept(t, "the request in progress", p.ID)

		if err := env.Store.SetAsideNumbers(ctx, p.ID, []string{b}, domain.NumberRejected, "not with this provider"); err != nil {
			t.Fatal(err)
		}
		fresh(t, "a number set aside beneath the API", p.ID, func(got portInJSON) bool { return numberStatus(got, b) == domain.NumberRejected })
		kept(t, "the request with a number set aside", p.ID)

		if err := env.Store.InTx(ctx, func(tx domain.Tx) error {
			if _, err := tx.MarkNumbersPorted(ctx, p.ID, []string{a}); err != nil {
				return err
			}
			return tx.AddEvent(ctx, &domain.StoredEvent{Subject: domain.PortInSubject(p.ID), AccountID: cust.Account.ID, ActorName: "Porting Team",
				Type: domain.EventNumbersPorted, Reason: a, At: env.Clock.Now()})
		}); err != nil {
			t.Fatal(err)
		}
		fresh(t, "a partial completion", p.ID, func(got portInJSON) bool { return numberStatus(got, a) == domain.NumberPorted && len(got.Ported) == 1 })
		kept(t, "the request partly ported", p.ID)

		create := c.do("POST", "/api/v1/port-ins", other.Token, map[string]any{"losing_provider": "BT", "customer_name": "Acme Widgets Ltd",
			"numbers": []map[string]string{{"number": "+441134960300"}}})
		if create.code != http.StatusCreated {
			t.Fatalf("another customer's request: %d %s", create.code, create.body)
		}
		for _, tok := range readers {
			if _, _, cached := get(t, tok, p.ID); !cached {
				t.Fatal("another customer's request made this one's be read again")
			}
		}
		// The team's kept read is each member's: another agent reads it afresh, and a request
		// that is not there is not found, kept reads or not.
		_, second := env.NewStaff(t, "kept-agent-2@portdesk.test", domain.RoleAgent)
		if _, _, cached := get(t, second, p.ID); cached {
			t.Fatal("one agent's kept read was sent to another")
		}
		if res := c.do("GET", "/api/v1/port-ins/"+strconv.FormatInt(p.ID+1000, 10), agent, nil); res.code != http.StatusNotFound {
			t.Fatalf("a request that is not there, read by the team: %d %s", res.code, res.body)
		}

		done, err := env.Store.PortIn(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		done.Status = domain.StatusCompleted
		if err := env.Store.UpdatePortIn(ctx, &done); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			for _, tok := range readers {
				if got, _, cached := get(t, tok, p.ID); cached || got.Status != domain.StatusCompleted {
					t.Fatalf("a completed request, whose SMS states are the inventory's: from the cache %v, status %s", cached, got.Status)
				}
			}
		}
	})
}

// cacheProbe reads requests through the API as each of its readers and says whether the
// answer came from the cache.
type cacheProbe struct {
	c       *client
	x       *api
	readers []string // tokens
}

// get reads the request and says whether it came from the cache.
func (pr *cacheProbe) get(t *testing.T, tok string, id int64) (portInJSON, response, bool) {
	t.Helper()
	hits := pr.x.lists.counts.Hits.Load()
	res := pr.c.do("GET", "/api/v1/port-ins/"+strconv.FormatInt(id, 10), tok, nil)
	if res.code != http.StatusOK {
		t.Fatalf("get %d: %d %s", id, res.code, res.body)
	}
	var p portInJSON
	res.json(t, &p)
	if want := `"` + strconv.FormatInt(p.Version, 10) + `"`; res.header.Get("ETag") != want {
		t.Fatalf("get %d: ETag %q for version %d", id, res.header.Get("ETag"), p.Version)
	}
	return p, res, pr.x.lists.counts.Hits.Load() > hits
}

// kept checks that each reader's second read of the request is its first, from the cache.
func (pr *cacheProbe) kept(t *testing.T, what string, id int64) {
	t.Helper()
	for i, tok := range pr.readers {
		_, first, _ := pr.get(t, tok, id)
		_, res, cached := pr.get(t, tok, id)
		if !cached || !bytes.Equal(res.body, first.body) || res.header.Get("ETag") != first.header.Get("ETag") {
			t.Fatalf("%s, read twice by reader %d: from the cache %v, %s then %s", what, i, cached, first.body, res.body)
		}
	}
}

// fresh checks that each reader's next read is not from the cache and shows what check wants.
func (pr *cacheProbe) fresh(t *testing.T, what string, id int64, check func(p portInJSON) bool) {
	t.Helper()
	for i, tok := range pr.readers {
		p, res, cached := pr.get(t, tok, id)
		if cached || !check(p) {
			t.Fatalf("after %s, reader %d: from the cache %v, %s", what, i, cached, res.body)
		}
	}
}

// TestTeamReadKeptAtItsMoment: a team member's GET of a request read while nothing was
// committed since the last one is sent as kept with no read of the request's stamp (the
// store tells the moment the token was read at); a commit anywhere, beneath the API too,
// has it read afresh (TestRequestCacheFollowsEveryChange checks what it then shows).
func TestTeamReadKeptAtItsMoment(t *testing.T) {
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		c, x := newClientAPI(t, env)
		cust := env.NewCustomer(t, "Moment Co", 0, domain.CountryGB)
		_, agent := env.NewStaff(t, "moment-agent@portdesk.test", domain.RoleAgent)
		p := env.Submitted(t, cust.Actor, "+441134960401")
		pr := &cacheProbe{c: c, x: x, readers: []string{agent}}
		atMoment := func() bool {
			before := x.lists.counts.AtMoment.Load()
			if _, _, cached := pr.get(t, agent, p.ID); !cached {
				t.Fatal("a settled request read again by the team was not kept")
			}
			return x.lists.counts.AtMoment.Load() > before
		}
		pr.get(t, agent, p.ID)
		// Other tests' commits on the same database server move the moment too (PostgreSQL's
		// is the server's): two reads with none between are bound to come within a few tries.
		hit := false
		for range 200 {
			if hit = atMoment(); hit {
				break
			}
		}
		if !hit {
			t.Fatal("two hundred reads in a row, none sent at its moment")
		}
		if err := env.Store.SetAsideNumbers(context.Background(), p.ID, []string{"+441134960401"}, domain.NumberRejected, "not with this provider"); err != nil {
			t.Fatal(err)
		}
		before := x.lists.counts.AtMoment.Load()
		got, res, cached := pr.get(t, agent, p.ID)
		if cached || x.lists.counts.AtMoment.Load() != before || len(got.Numbers) != 1 || got.Numbers[0].Status != domain.NumberRejected {
			t.Fatalf("after a write beneath the API: from the cache %v, %s", cached, res.body)
		}
	})
}
