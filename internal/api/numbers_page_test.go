package api

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// A request's numbers come a page at a time: GET /port-ins/{id} and every answer to a
// change carry the first page and the count, GET …/numbers the rest, by cursor.
func TestNumbersPaged(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := newClient(t, env)
		cust := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		other := env.NewCustomer(t, "Other", 0, domain.CountryGB)
		const n = 250
		rows := make([]map[string]string, n)
		for i := range rows {
			rows[i] = map[string]string{"number": fmt.Sprintf("+44113496%04d", n-i)} // sent out of order
		}
		var p struct {
			portIn
			Count *int   `json:"numbers_count"`
			Next  string `json:"numbers_next_cursor"`
		}
		c.want(c.do("POST", "/api/v1/port-ins", cust.Token, map[string]any{"numbers": rows}), 201).json(t, &p)
		if len(p.Numbers) != 100 || p.Count == nil || *p.Count != n || p.Next == "" {
			t.Fatalf("created: %d numbers, count %v, next %q", len(p.Numbers), p.Count, p.Next)
		}
		// A change answers the same way.
		c.want(c.do("PATCH", "/api/v1/port-ins/"+itoa(p.ID), cust.Token, map[string]any{"customer_name": "Acme Ltd"}, ifMatch(p.Version)...), 200).json(t, &p)
		if len(p.Numbers) != 100 || *p.Count != n {
			t.Fatalf("patched: %d numbers, count %d", len(p.Numbers), *p.Count)
		}

		type page struct {
			Data  []map[string]any `json:"data"`
			Count int              `json:"count"`
			Next  string           `json:"next_cursor"`
		}
		seen := map[string]bool{}
		last := ""
		for _, x := range p.Numbers {
			seen[x["number"].(string)], last = true, x["number"].(string)
		}
		cursor, pages := p.Next, 0
		for cursor != "" {
			var pg page
			c.want(c.do("GET", "/api/v1/port-ins/"+itoa(p.ID)+"/numbers?limit=60&cursor="+url.QueryEscape(cursor), cust.Token, nil), 200).json(t, &pg)
			if pg.Count != n || len(pg.Data) > 60 {
				t.Fatalf("page: %d numbers, count %d", len(pg.Data), pg.Count)
			}
			for _, x := range pg.Data {
				num := x["number"].(string)
				if seen[num] || num <= last {
					t.Fatalf("%s after %s: repeated or out of order", num, last)
				}
				seen[num], last = true, num
			}
			cursor = pg.Next
			pages++
		}
		if len(seen) != n || pages != 3 {
			t.Fatalf("%d numbers in %d further pages", len(seen), pages)
		}

		var none page
		c.want(c.do("GET", "/api/v1/port-ins/"+itoa(p.ID)+"/numbers?status=ported", cust.Token, nil), 200).json(t, &none)
		if none.Count != 0 || len(none.Data) != 0 || none.Next != "" {
			t.Errorf("ported: %+v", none)
		}
		for _, q := range []string{"cursor=nonsense!", "limit=0", "limit=1001", "status=lost"} {
			var prob problemJSON
			c.want(c.do("GET", "/api/v1/port-ins/"+itoa(p.ID)+"/numbers?"+q, cust.Token, nil), 422).json(t, &prob)
			if field := strings.SplitN(q, "=", 2)[0]; len(prob.Errors) != 1 || prob.Errors[0].Field != field {
				t.Errorf("%s: %+v", q, prob)
			}
		}
		// Another account's request is not there, page or not.
		c.want(c.do("GET", "/api/v1/port-ins/"+itoa(p.ID)+"/numbers", other.Token, nil), 404)
	})
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }
