package api

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

var update = flag.Bool("update", false, "rewrite golden files")

type portIn struct {
	ID      int64            `json:"id"`
	Status  string           `json:"status"`
	Version int64            `json:"version"`
	PINSet  bool             `json:"pin_set"`
	Allowed []string         `json:"allowed_transitions"`
	Numbers []map[string]any `json:"numbers"`
}

type problemJSON struct {
	Code    string              `json:"code"`
	Status  int                 `json:"status"`
	Detail  string              `json:"detail"`
	Errors  []domain.FieldError `json:"errors"`
	Allowed []string            `json:"allowed_transitions"`
}

func ifMatch(v int64) []string { return []string{"If-Match", `"` + strconv.FormatInt(v, 10) + `"`} }

func fieldsOf(p problemJSON) []string {
	var out []string
	for _, f := range p.Errors {
		out = append(out, f.Field)
	}
	return out
}

const pin = "80417"

// complete is every field a submit needs, as a client would send it.
func complete() map[string]any {
	return map[string]any{
		"losing_provider": "BT", "losing_provider_address": "1 Braham Street, London E1 8EE",
		"customer_name": "Acme Widgets Ltd", "customer_type": "business",
		"authorised_person": map[string]any{"name": "Jane Smith", "title": "Director", "email": "jane@acme.example"},
		"billing_address":   map[string]any{"line1": "1 High Street", "city": "Leeds", "postcode": "LS1 4AP", "country": "GB"},
		"account_number":    "ACC-1", "pin": pin, "btn": "0113 496 0001", "port_type": "full", "line_type": "multi_line",
		"accept": []string{"authorised", "details_match_bill", "keep_service", "routing_chosen", "carrier_fees"},
	}
}

func TestPortInLifecycle(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := newClient(t, env)
		cust := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		_, staff := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		tok := cust.Token

		var p portIn
		r := c.want(c.do("POST", "/api/v1/port-ins", tok, map[string]any{"losing_provider": "BT"}), 201)
		r.json(t, &p)
		if p.Status != "draft" || p.Version != 1 || r.header.Get("ETag") != `"1"` || r.header.Get("Location") == "" {
			t.Fatalf("create: %+v %v", p, r.header)
		}
		path := fmt.Sprintf("/api/v1/port-ins/%d", p.ID)

		// An empty submit lists every missing item at once.
		var prob problemJSON
		r = c.want(c.do("POST", path+"/submit", tok, nil, ifMatch(p.Version)...), 422)
		r.json(t, &prob)
		if len(prob.Errors) < 10 || prob.Code != "incomplete" {
			t.Fatalf("empty submit: %s", r.body)
		}
		checkGolden(t, "submit_incomplete.json", r.body)

		// Versions: missing is 428, stale is 412.
		c.want(c.do("PATCH", path, tok, map[string]any{"customer_name": "x"}), 428)
		c.want(c.do("PATCH", path, tok, map[string]any{"customer_name": "x"}, ifMatch(p.Version+5)...), 412)
		c.want(c.do("PATCH", path, tok, map[string]any{"customer_name": "x", "favourite_colour": "blue"}, ifMatch(p.Version)...), 400)
		r = c.want(c.do("PATCH", path, tok, complete(), ifMatch(p.Version)...), 200)
		r.json(t, &p)
		if !p.PINSet || bytes.Contains(r.body, []byte(pin)) {
			t.Fatalf("pin: set=%v, body leaks it: %v", p.PINSet, bytes.Contains(r.body, []byte(pin)))
		}

		// CSV with a header, one bad row: preview, then commit.
		csv := "number to port,receiving number,tracking source,account name\r\n0113 496 0001,0161 496 0000,Google,Acme\r\nnot-a-number,,,\r\n+44 113 496 0002,,Radio,\r\n"
		var res struct {
			DryRun   bool `json:"dry_run"`
			Added    int  `json:"added"`
			Rejected int  `json:"rejected"`
			Version  int64
			Rows     []struct {
				Line    int
				Code    string
				Message string
			}
		}
		r = c.want(c.do("POST", path+"/numbers?dry_run=true", tok, csv, "Content-Type", "text/csv"), 200)
		r.json(t, &res)
		if !res.DryRun || res.Added != 2 || res.Rejected != 1 || res.Rows[1].Line != 3 || res.Rows[1].Code != "invalid_number" || res.Rows[1].Message == "" {
			t.Fatalf("preview: %s", r.body)
		}
		r = c.want(c.do("POST", path+"/numbers", tok, csv, append(ifMatch(p.Version), "Content-Type", "text/csv")...), 200)
		r.json(t, &res)
		if res.DryRun || res.Added != 2 {
			t.Fatalf("commit: %s", r.body)
		}
		p.Version = res.Version
		// JSON rows too, and a removal by national format.
		r = c.want(c.do("POST", path+"/numbers", tok, map[string]any{"version": p.Version, "numbers": []map[string]string{{"number": "0113 496 0003"}}}), 200)
		r.json(t, &res)
		r = c.want(c.do("DELETE", path+"/numbers/"+"%2B441134960003", tok, nil, ifMatch(res.Version)...), 200)
		r.json(t, &p)
		if len(p.Numbers) != 2 {
			t.Fatalf("numbers: %s", r.body)
		}
		// Not text at all.
		png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"
		r = c.want(c.do("POST", path+"/numbers?dry_run=true", tok, png, "Content-Type", "text/csv"), 400)
		r.json(t, &prob)
		if prob.Code != "unsupported_content" {
			t.Fatalf("png: %s", r.body)
		}

		c.paperwork(t, tok, p.ID)
		r = c.want(c.do("POST", path+"/submit", tok, map[string]any{"version": p.Version}), 200)
		r.json(t, &p)
		if p.Status != "submitted" {
			t.Fatalf("submit: %s", r.body)
		}
		// The customer may not drive the carrier steps; an illegal move lists what is allowed.
		c.want(c.do("POST", path+"/transitions", tok, map[string]any{"status": "in_progress", "version": p.Version}), 403)
		r = c.want(c.do("POST", path+"/transitions", staff, map[string]any{"status": "completed", "version": p.Version}), 409)
		r.json(t, &prob)
		if !strings.Contains(strings.Join(prob.Allowed, ","), "in_progress") {
			t.Fatalf("409 allowed: %s", r.body)
		}
		r = c.want(c.do("POST", path+"/transitions", staff, map[string]any{"status": "in_progress", "version": p.Version}), 200)
		r.json(t, &p)
		// The team sends it back with codes; the customer reads each as a plain fix.
		c.want(c.do("POST", path+"/fix", tok, map[string]any{"rejections": []map[string]string{{"code": "name_mismatch"}}, "version": p.Version}), 403)
		c.want(c.do("POST", path+"/fix", staff, map[string]any{"rejections": []map[string]string{{"code": "no_such_code"}}, "version": p.Version}), 422)
		r = c.want(c.do("POST", path+"/fix", staff, map[string]any{"version": p.Version, "note": "Please also check the postcode.",
			"rejections": []map[string]string{{"code": "name_mismatch", "note": "BT has Acme Widgets Limited."}}}), 200)
		r.json(t, &p)
		var fixed struct {
			Status     string
			Rejections []struct{ Code, Note, Fix string }
		}
		c.want(c.do("GET", path, tok, nil), 200).json(t, &fixed)
		if fixed.Status != "action_required" || len(fixed.Rejections) != 1 || fixed.Rejections[0].Code != "name_mismatch" ||
			!strings.Contains(fixed.Rejections[0].Fix, `You entered "Acme Widgets Ltd"`) || !strings.Contains(fixed.Rejections[0].Fix, "BT has Acme Widgets Limited.") {
			t.Fatalf("the customer's view of the fix: %+v", fixed)
		}
		var queue struct{ Data []struct{ ID int64 } }
		if c.want(c.do("GET", "/api/v1/port-ins?assigned=nobody&order=oldest&status=action_required", staff, nil), 200).json(t, &queue); len(queue.Data) != 1 || queue.Data[0].ID != p.ID {
			t.Fatalf("the queue: %+v", queue)
		}
		c.want(c.do("GET", "/api/v1/port-ins?assigned=me", staff, nil), 200)
		c.want(c.do("GET", "/api/v1/port-ins?order=sideways", staff, nil), 422)
		var codes struct{ Data []struct{ Code string } }
		if c.want(c.do("GET", "/api/v1/rejection-codes", tok, nil), 200).json(t, &codes); len(codes.Data) != 17 {
			t.Fatalf("%d rejection codes, want 17 (DOMAIN.md's fifteen, a PAC, a carrier's exception)", len(codes.Data))
		}
		r = c.want(c.do("PATCH", path, tok, map[string]any{"customer_name": "Acme Widgets Limited"}, ifMatch(p.Version)...), 200)
		r.json(t, &p)
		// The letter now shows another name: the old signature no longer counts.
		r = c.want(c.do("POST", path+"/submit", tok, nil, ifMatch(p.Version)...), 422)
		if !strings.Contains(string(r.body), "changed after it was signed") {
			t.Fatalf("resubmit with an outdated signature: %s", r.body)
		}
		c.want(c.do("POST", path+"/loa/signature", tok, map[string]any{"signer_name": "Jane Smith", "signer_title": "Director",
			"signer_email": "jane@acme.example", "agree": true}), 201)
		r = c.want(c.do("POST", path+"/submit", tok, nil, ifMatch(p.Version)...), 200)
		r.json(t, &p)
		r = c.want(c.do("POST", path+"/transitions", staff, map[string]any{"status": "in_progress", "version": p.Version}), 200)
		r.json(t, &p)
		// Scheduling is setting the FOC: a business day in the future.
		c.want(c.do("POST", path+"/transitions", staff, map[string]any{"status": "scheduled", "version": p.Version}), 422)
		c.want(c.do("POST", path+"/foc", staff, map[string]any{"foc": "2020-01-07T10:00:00Z", "version": p.Version}), 422)
		// A FOC before the quoted earliest date (seven working days for this multi-line order)
		// is taken once the agent confirms it.
		foc := env.FOC("GB", 5)
		r = c.want(c.do("POST", path+"/foc", staff, map[string]any{"foc": foc.Format(time.RFC3339), "version": p.Version}), 422)
		if !strings.Contains(string(r.body), "before_earliest") {
			t.Fatalf("early FOC: %s", r.body)
		}
		r = c.want(c.do("POST", path+"/foc", staff, map[string]any{"foc": foc.Format(time.RFC3339), "confirm_early": true, "version": p.Version}), 200)
		r.json(t, &p)
		var sched struct {
			Status string
			FOC    time.Time
		}
		if r.json(t, &sched); sched.Status != "scheduled" || !sched.FOC.Equal(foc) {
			t.Fatalf("scheduled: %s", r.body)
		}
		r = c.want(c.do("POST", path+"/transitions", staff, map[string]any{"status": "completed", "version": p.Version}), 200)
		r.json(t, &p)
		if p.Status != "completed" || len(p.Allowed) != 0 {
			t.Fatalf("completed: %s", r.body)
		}
		// Voice is live; SMS follows on these geographic numbers, and the API says so.
		var done struct {
			Numbers []struct{ Number, SMS string }
		}
		if c.want(c.do("GET", path, tok, nil), 200).json(t, &done); len(done.Numbers) == 0 || done.Numbers[0].SMS != "pending" {
			t.Fatalf("SMS after completion: %+v", done)
		}
		var inv struct{ Data []map[string]any }
		c.want(c.do("GET", "/api/v1/inventory", tok, nil), 200).json(t, &inv)
		if len(inv.Data) != 2 {
			t.Fatalf("inventory: %+v", inv)
		}

		// Notes: customers never see internal ones.
		c.want(c.do("POST", path+"/notes", tok, map[string]any{"body": "Thanks!"}), 201)
		c.want(c.do("POST", path+"/notes", tok, map[string]any{"body": "psst", "internal": true}), 403)
		c.want(c.do("POST", path+"/notes", staff, map[string]any{"body": "carrier ref 123", "internal": true}), 201)
		var notes struct{ Data []map[string]any }
		c.want(c.do("GET", path+"/notes", tok, nil), 200).json(t, &notes)
		if len(notes.Data) != 1 {
			t.Fatalf("customer notes: %+v", notes)
		}
		c.want(c.do("GET", path+"/notes", staff, nil), 200).json(t, &notes)
		if len(notes.Data) != 2 {
			t.Fatalf("staff notes: %+v", notes)
		}
		var list struct {
			Data []struct {
				NoteCount   int `json:"note_count"`
				NumberCount int `json:"number_count"`
			}
		}
		c.want(c.do("GET", "/api/v1/port-ins?status=completed&number=4960002", tok, nil), 200).json(t, &list)
		if len(list.Data) != 1 || list.Data[0].NoteCount != 1 || list.Data[0].NumberCount != 2 {
			t.Fatalf("list: %+v", list)
		}
		var events struct {
			Data []struct {
				Type, From, To, Reason string
				ActorName              string `json:"actor_name"`
			}
		}
		r = c.want(c.do("GET", path+"/events", tok, nil), 200)
		r.json(t, &events)
		var moves []string
		for _, e := range events.Data {
			if e.Type == "status_changed" {
				moves = append(moves, e.From+"→"+e.To)
				if e.ActorName == "" {
					t.Errorf("event without actor: %+v", e)
				}
			}
		}
		want := "draft→submitted submitted→in_progress in_progress→action_required action_required→submitted submitted→in_progress in_progress→scheduled scheduled→completed"
		if strings.Join(moves, " ") != want {
			t.Errorf("timeline:\n got %s\nwant %s", strings.Join(moves, " "), want)
		}
		for _, resp := range [][]byte{r.body} {
			if bytes.Contains(resp, []byte(pin)) {
				t.Error("PIN leaked")
			}
		}
	})
}

// TestTenantIsolation tries every route that takes an {id} with another account's token:
// each must answer 404, never 403, so nothing reveals that the request exists.
func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := newClient(t, env)
		a := env.NewCustomer(t, "Alpha", 0, domain.CountryGB)
		b := env.NewCustomer(t, "Beta", 0, domain.CountryGB)
		child := env.NewCustomer(t, "Alpha North", a.Account.ID, domain.CountryGB)
		var p portIn
		c.want(c.do("POST", "/api/v1/port-ins", a.Token, map[string]any{"numbers": []map[string]string{{"number": "0113 496 0001"}}}), 201).json(t, &p)
		var cp portIn
		c.want(c.do("POST", "/api/v1/port-ins", child.Token, map[string]any{}), 201).json(t, &cp)
		bill, billType := multipartDoc("bill", "bill.pdf", desktest.BillPDF("bill"))
		var doc struct{ ID int64 }
		c.want(c.do("POST", fmt.Sprintf("/api/v1/port-ins/%d/documents", p.ID), a.Token, bill, "Content-Type", billType), 201).json(t, &doc)

		hookURL := "https://93.184.216.34/hooks"
		var hook struct{ ID int64 }
		c.want(c.do("POST", fmt.Sprintf("/api/v1/accounts/%d/webhooks", a.Account.ID), a.Token, map[string]any{"url": hookURL}), 201).json(t, &hook)
		po := announcePortOut(t, env, a, "0113 496 0001")
		_, staffToken := env.NewStaff(t, "ledger-agent@op.example", domain.RoleAgent)
		var entry struct{ ID int64 }
		c.want(c.do("POST", fmt.Sprintf("/api/v1/accounts/%d/ledger", a.Account.ID), staffToken,
			map[string]any{"amount": 500, "currency": "GBP", "reason": "x"}), 201).json(t, &entry)

		x := &api{}
		checked := 0
		for _, rt := range x.routes() {
			if !rt.takesID {
				continue
			}
			method, path, _ := strings.Cut(rt.pattern, " ")
			id := p.ID
			if strings.HasPrefix(path, "/api/v1/accounts/") {
				id = a.Account.ID
			}
			if strings.HasPrefix(path, "/api/v1/webhooks/") {
				id = hook.ID
			}
			if strings.HasPrefix(path, "/api/v1/port-outs/") {
				id = po.ID
			}
			if strings.HasPrefix(path, "/api/v1/ledger/") {
				id = entry.ID
			}
			if strings.HasPrefix(path, "/api/v1/users/") {
				id = a.Admin.ID
			}
			path = strings.ReplaceAll(path, "{token}", "1")
			path = strings.ReplaceAll(path, "{delivery}", "1")
			path = strings.ReplaceAll(path, "{id}", strconv.FormatInt(id, 10))
			path = strings.ReplaceAll(path, "{number}", "%2B441134960001")
			path = strings.ReplaceAll(path, "{doc}", strconv.FormatInt(doc.ID, 10))
			// A body each route accepts, so that only scope can refuse it.
			var body any
			switch {
			case method == "GET" || method == "DELETE":
			case strings.HasSuffix(path, "/port-out-settings"):
				body = map[string]any{"locked": true}
			case strings.HasSuffix(path, "/port-out-pin"):
				body = map[string]any{"pin": "4321"}
			case strings.Contains(path, "/number-locks/"):
				body = map[string]any{}
			case strings.HasPrefix(path, "/api/v1/port-outs/") && !strings.HasSuffix(path, "/documents"):
				body = map[string]any{"version": 1, "reason": "x", "rejections": []map[string]string{{"code": "pin"}}}
			case method == "PATCH" && strings.Contains(path, "/webhooks/"):
				body = map[string]any{"url": hookURL}
			case method == "PATCH" && strings.Contains(path, "/accounts/"):
				body = map[string]any{"time_zone": "America/Los_Angeles"}
			case method == "PATCH":
				body = map[string]any{"customer_name": "x"}
			case strings.HasSuffix(path, "/numbers"):
				body = map[string]any{"numbers": []map[string]string{{"number": "0113 496 0009"}}}
			case strings.HasSuffix(path, "/notes"):
				body = map[string]any{"body": "hi"}
			case strings.HasSuffix(path, "/invitations"):
				body = map[string]any{"email": "intruder@x.example"}
			case strings.HasSuffix(path, "/disable") || strings.HasSuffix(path, "/enable"):
				body = map[string]any{}
			case strings.HasSuffix(path, "/users"):
				body = map[string]any{"email": "intruder@x.example", "role": "member"}
			case strings.HasSuffix(path, "/submit"):
				body = map[string]any{"version": 1}
			case strings.HasSuffix(path, "/quote-acceptance"):
				body = map[string]any{"version": 1, "hash": "x"}
			case strings.HasSuffix(path, "/webhooks"):
				body = map[string]any{"url": hookURL}
			case strings.HasSuffix(path, "/ledger"):
				body = map[string]any{"amount": -500, "currency": "GBP", "reason": "x"}
			case strings.HasSuffix(path, "/reversal"):
				body = map[string]any{"reason": "x"}
			case strings.HasSuffix(path, "/redeliver"):
				body = map[string]any{}
			case strings.HasSuffix(path, "/send-to-carrier"):
				body = map[string]any{"version": 1, "carrier_id": 1}
			case strings.HasSuffix(path, "/complete-numbers"):
				body = map[string]any{"version": 1, "numbers": []string{"0113 496 0001"}}
			case strings.HasSuffix(path, "/fix"):
				body = map[string]any{"version": 1, "rejections": []map[string]string{{"code": "pin"}}}
			case strings.HasSuffix(path, "/foc"):
				body = map[string]any{"version": 1, "foc": "2030-01-08T10:00:00Z"}
			case strings.HasSuffix(path, "/assign"):
				body = map[string]any{"version": 1, "user_id": 0}
			case strings.HasSuffix(path, "/loa/signature"):
				body = map[string]any{"signer_name": "I", "signer_title": "T", "signer_email": "i@x.example", "agree": true}
			case strings.HasSuffix(path, "/documents") && method == "POST":
				r := c.do(method, path, b.Token, bill, "Content-Type", billType)
				if r.code != 404 {
					t.Errorf("%s %s with another account's token: %d %s", method, path, r.code, r.body)
				}
				checked++
				continue
			default:
				body = map[string]any{"version": 1, "status": "cancelled", "reason": "x"}
			}
			if body == nil && method == "POST" {
				t.Fatalf("no body for %s", rt.pattern)
			}
			r := c.do(method, path, b.Token, body, ifMatch(1)...)
			if r.code != 404 {
				t.Errorf("%s %s with another account's token: %d %s", method, path, r.code, r.body)
			}
			checked++
		}
		if checked < 12 {
			t.Fatalf("only %d routes checked", checked)
		}
		// Sub-accounts: the parent sees down, the child does not see up.
		c.want(c.do("GET", fmt.Sprintf("/api/v1/port-ins/%d", cp.ID), a.Token, nil), 200)
		c.want(c.do("GET", fmt.Sprintf("/api/v1/port-ins/%d", p.ID), child.Token, nil), 404)
		c.want(c.do("GET", fmt.Sprintf("/api/v1/accounts/%d", a.Account.ID), child.Token, nil), 404)
		// A request of another account is not in its list either.
		var list struct{ Data []map[string]any }
		c.want(c.do("GET", "/api/v1/port-ins", b.Token, nil), 200).json(t, &list)
		if len(list.Data) != 0 {
			t.Fatalf("b sees %d requests", len(list.Data))
		}
	})
}

func TestRequestErrors(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := newClient(t, env)
	cust := env.NewCustomer(t, "Edge", 0, domain.CountryGB)
	tok := cust.Token
	var prob problemJSON
	for _, tc := range []struct {
		name, method, path, token string
		body                      any
		code                      int
		problem                   string
	}{
		{"no token", "GET", "/api/v1/port-ins", "", nil, 401, "unauthenticated"},
		{"bad token", "GET", "/api/v1/port-ins", "pdt_nope", nil, 401, "unauthenticated"},
		{"unknown field", "POST", "/api/v1/port-ins", tok, map[string]any{"colour": "red"}, 400, "bad_request"},
		{"not json", "POST", "/api/v1/port-ins", tok, "{nope", 400, "bad_request"},
		{"two values", "POST", "/api/v1/port-ins", tok, "{} {}", 400, "bad_request"},
		{"wrong type", "POST", "/api/v1/port-ins", tok, `{"losing_provider": 7}`, 400, "bad_request"},
		{"too large", "POST", "/api/v1/port-ins", tok, `{"losing_provider": "` + strings.Repeat("x", 70<<10) + `"}`, 413, "too_large"},
		{"invalid fields", "POST", "/api/v1/port-ins", tok, map[string]any{"customer_type": "alien", "btn": "12", "recipients": []string{"stranger@x.example"}}, 422, "invalid"},
		{"unknown route", "GET", "/api/v1/nothing", tok, nil, 404, "not_found"},
		{"wrong method", "PUT", "/api/v1/port-ins", tok, nil, 405, "method_not_allowed"},
		{"bad id", "GET", "/api/v1/port-ins/abc", tok, nil, 404, "not_found"},
		{"bad filter", "GET", "/api/v1/port-ins?status=lost", tok, nil, 422, "invalid"},
	} {
		r := c.do(tc.method, tc.path, tc.token, tc.body)
		if r.code != tc.code || r.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s, want %d", tc.name, r.code, r.header.Get("Content-Type"), tc.code)
			continue
		}
		r.json(t, &prob)
		if prob.Code != tc.problem || prob.Detail == "" || prob.Status != tc.code {
			t.Errorf("%s: %s", tc.name, r.body)
		}
	}
	r := c.want(c.do("POST", "/api/v1/port-ins", tok, map[string]any{"customer_type": "alien", "btn": "12"}), 422)
	r.json(t, &prob)
	if got := strings.Join(fieldsOf(prob), ","); got != "customer_type,btn" {
		t.Errorf("fields %s", got)
	}
	// A 100,001-row upload is refused whole, with a clear message.
	var p portIn
	c.want(c.do("POST", "/api/v1/port-ins", tok, map[string]any{}), 201).json(t, &p)
	var big bytes.Buffer
	for i := range 100_001 {
		fmt.Fprintf(&big, "+44113%07d\n", 2000000+i)
	}
	r = c.want(c.do("POST", fmt.Sprintf("/api/v1/port-ins/%d/numbers?dry_run=true", p.ID), tok, big.Bytes(), "Content-Type", "text/csv"), 413)
	r.json(t, &prob)
	if !strings.Contains(prob.Detail, "100000") && !strings.Contains(prob.Detail, "100,000") {
		t.Errorf("too many rows: %s", r.body)
	}
}

var volatile = regexp.MustCompile(`"instance":"[^"]*"`)

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	got = volatile.ReplaceAll(bytes.TrimSpace(got), []byte(`"instance":"…"`))
	path := filepath.Join("testdata", name)
	if *update {
		_ = os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bytes.TrimSpace(want), got) {
		t.Errorf("%s differs (run go test -update after checking):\n%s", path, got)
	}
}
