package main

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/notify/smtptest"
)

// TestServePortOutEndToEnd runs the real server with a real SMTP server and a webhook receiver
// on loopback and takes port-outs through it over the API. The account's admin protects the
// account (PIN, records, auto-authorization after two business days); a gaining provider's
// request with the wrong PIN tells the admin at once and the team rejects it; a correct one is
// authorized by the server's own job when the clock passes two business days (Gamma is emailed
// each answer), and completes:
// the numbers are released and the fee charged once per number, a second completion refused.
// A request for a number the admin locked is refused the moment it arrives.
func TestServePortOutEndToEnd(t *testing.T) {
	smtp := smtptest.Start(t)
	recv := newHookReceiver(t)
	clock := newTravelClock(t, pastBusinessMorning())
	c, db := serveDemo(t, smtp, clock)
	cust, staff := token(t, db, "demo@portdesk.local"), token(t, db, "admin@portdesk.local")
	const wait = 60 * time.Second
	const admin = "demo@portdesk.local"
	mail := func(want string) { t.Helper(); waitMail(t, smtp, admin, want, wait) }
	hook := func(typ string, n int) { t.Helper(); recv.wait(t, typ, n, wait) }

	acc := int64(c.call("GET", "/api/v1/me", cust, nil, 200)["account_id"].(float64))
	ep := c.call("POST", fmt.Sprintf("/api/v1/accounts/%d/webhooks", acc), cust, map[string]any{"url": recv.URL + "/portdesk"}, 201)
	recv.setSecret(ep["secret"].(string))
	// Numbers the account already has with us (as after a port-in).
	for _, n := range []string{"0113 496 0811", "0113 496 0812", "0113 496 0813"} {
		c.call("POST", "/api/v1/inventory", staff, map[string]any{"account_id": acc, "number": n, "receiving_number": "0161 496 0811"}, 201)
	}
	c.call("PUT", fmt.Sprintf("/api/v1/accounts/%d/port-out-pin", acc), cust, map[string]any{"pin": "8642"}, 200)
	c.call("PATCH", fmt.Sprintf("/api/v1/accounts/%d/port-out-settings", acc), cust,
		map[string]any{"record_name": "Demo Widgets Ltd", "record_postcode": "LS1 5AB", "auto_authorize_days": 2}, 200)

	create := func(pin string, numbers ...string) map[string]any {
		t.Helper()
		return c.call("POST", "/api/v1/port-outs", staff, map[string]any{"account_id": acc, "gaining_provider": "Gamma",
			"gaining_email": "porting@gamma.example", "end_user_name": "DEMO WIDGETS LIMITED", "postcode": "ls15ab", "pin": pin, "numbers": numbers}, 201)
	}
	path := func(p map[string]any) string { return fmt.Sprintf("/api/v1/port-outs/%d", int64(p["id"].(float64))) }

	// The wrong PIN: the admin hears at once, with what failed; the team rejects with it.
	wrong := create("1111", "0113 496 0811")
	if wrong["status"] != "pending" || wrong["pin_outcome"] != "wrong" || wrong["auto_authorize_at"] != nil {
		t.Fatalf("a wrong PIN's port-out: %v", wrong)
	}
	mail("The PIN given is not the account's")
	hook("port_out.created", 1)
	c.call("POST", path(wrong)+"/reject", staff, map[string]any{"version": wrong["version"], "rejections": []map[string]string{{"code": "pin"}}}, 200)
	mail("We refused port-out")
	waitMail(t, smtp, "porting@gamma.example", "rejects your port-out request", wait) // the answer, in its words
	hook("port_out.rejected", 1)

	// The right PIN, nobody answers: the server's job authorizes it two business days on.
	right := create("8642", "0113 496 0811", "0113 496 0812")
	due, err := time.Parse(time.RFC3339, fmt.Sprint(right["auto_authorize_at"]))
	if right["status"] != "pending" || right["pin_outcome"] != "matched" || err != nil {
		t.Fatalf("a clean port-out: %v (%v)", right, err)
	}
	hook("port_out.created", 2)
	clock.Set(t, due.Add(time.Minute))
	hook("port_out.authorized", 1)
	mail("We authorized port-out")
	waitMail(t, smtp, "porting@gamma.example", "authorizes your port-out request", wait)
	right = c.call("GET", path(right), staff, nil, 200)
	if right["status"] != "authorized" {
		t.Fatalf("after the auto-authorization: %v", right["status"])
	}

	// Completion releases the two numbers and charges GBP 15.00 each, once.
	c.call("POST", path(right)+"/complete", staff, map[string]any{"version": right["version"]}, 200)
	hook("port_out.completed", 1)
	hook("number.released", 1)
	mail("their routing with us has been removed")
	c.call("POST", path(right)+"/complete", staff, map[string]any{"version": right["version"]}, 412)
	right = c.call("GET", path(right), staff, nil, 200)
	c.call("POST", path(right)+"/complete", staff, map[string]any{"version": right["version"]}, 409)
	released := map[string]bool{}
	for _, x := range c.call("GET", "/api/v1/inventory", cust, nil, 200)["data"].([]any) {
		if n := x.(map[string]any); n["status"] == "released" {
			released[n["number"].(string)] = true
			if n["receiving_number"] != "" && n["receiving_number"] != nil {
				t.Errorf("%s released with its routing: %v", n["number"], n)
			}
		}
	}
	if len(released) != 2 || !released["+441134960811"] || !released["+441134960812"] {
		t.Errorf("released %v, want 0811 and 0812", released)
	}
	month := clock.Now().Format("2006-01")
	st := c.call("GET", fmt.Sprintf("/api/v1/accounts/%d/ledger?month=%s", acc, url.QueryEscape(month)), cust, nil, 200)
	fees := 0
	for _, x := range st["entries"].([]any) {
		e := x.(map[string]any)
		if e["kind"] == "port_out_fee" {
			fees++
			if m := e["amount"].(map[string]any); m["amount"] != float64(1500) || m["currency"] != "GBP" {
				t.Errorf("fee %v, want GBP 1500 minor units", m)
			}
		}
	}
	if fees != 2 {
		t.Errorf("%d port-out fees on the statement, want one for each of the 2 numbers: %v", fees, st["entries"])
	}

	// The admin locks the last number: its port-out is refused as it arrives.
	c.call("PUT", fmt.Sprintf("/api/v1/accounts/%d/number-locks/%s", acc, url.PathEscape("+441134960813")), cust, nil, 200)
	if p := create("8642", "0113 496 0813"); p["status"] != "rejected" {
		t.Fatalf("a locked number's port-out: %v", p)
	}
	mail("your account has locked them against porting out")
	hook("port_out.rejected", 2)
	recv.check(t)
}
