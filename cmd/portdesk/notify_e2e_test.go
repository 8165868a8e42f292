package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/leadtime"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
)

// serveDemo runs the real server in this process on the demo data, mailing through smtp and
// telling time by clock, until the test ends; it returns a client of its API and the flags
// that name its database (for the admin commands).
func serveDemo(t *testing.T, smtp *smtptest.Server, clock *travelClock) (apiClient, []string) {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- serveWith(ctx, []string{"--addr", "127.0.0.1:0", "--data", dir, "--demo", "--log-level", "warn",
			"--smtp-host", smtp.Host, "--smtp-port", strconv.Itoa(smtp.Port), "--smtp-tls", "none", "--team-email", "team@op.example",
			"--webhooks-allow-private"}, noEnv, pw, io.Discard, deps{clock: clock})
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("serve did not shut down")
		}
	})
	return apiClient{t: t, base: readGreeting(t, pr)}, []string{"--data", dir}
}

// TestServeNotifiesEndToEnd runs the real server with a real SMTP server and a webhook
// receiver on loopback, and drives the team's steps over the API: every email and webhook
// goes out through the server's own River jobs. The demo's submitted request tells the
// customer and the team; sending it to a carrier mails the carrier the order package; asking
// for a fix mails the customer the plain fix; the customer fixes, signs again and resubmits;
// the FOC mails a calendar invitation; the clock moves to the FOC and the server's job
// completes the port, putting the numbers live; three business days later another job turns
// their SMS on. Each step posts a signed webhook.
func TestServeNotifiesEndToEnd(t *testing.T) {
	smtp := smtptest.Start(t)
	recv := newHookReceiver(t)
	clock := newTravelClock(t, pastBusinessMorning())

	c, db := serveDemo(t, smtp, clock)
	cust, staff := token(t, db, "demo@portdesk.local"), token(t, db, "admin@portdesk.local")
	const wait = 60 * time.Second
	mail := func(to, want string) smtptest.Received { t.Helper(); return waitMail(t, smtp, to, want, wait) }
	hook := func(typ string) { t.Helper(); recv.wait(t, typ, 1, wait) }

	// The demo's submitted request: the customer and the team's queue were told.
	mail("demo@portdesk.local", "We received port request")
	mail("team@op.example", "It is in the review queue")

	me := c.call("GET", "/api/v1/me", cust, nil, 200)
	acc := int64(me["account_id"].(float64))
	ep := c.call("POST", fmt.Sprintf("/api/v1/accounts/%d/webhooks", acc), cust, map[string]any{"url": recv.URL + "/portdesk"}, 201)
	recv.setSecret(ep["secret"].(string))

	list := c.call("GET", "/api/v1/port-ins?status=submitted", staff, nil, 200)
	p := list["data"].([]any)[0].(map[string]any)
	id := int64(p["id"].(float64))
	path := fmt.Sprintf("/api/v1/port-ins/%d", id)
	carrier := c.call("POST", "/api/v1/carriers", staff, map[string]any{"name": "Gamma", "email": "porting@gamma.example"}, 201)
	p = c.call("GET", path, staff, nil, 200)
	p = c.call("POST", path+"/send-to-carrier", staff, map[string]any{"carrier_id": carrier["id"], "version": p["version"]}, 200)
	order := mail("porting@gamma.example", "asks you to port the numbers below")
	raw := string(order.Raw)
	for _, want := range []string{"application/pdf", "image/png", "text/csv"} {
		if !strings.Contains(raw, want) {
			t.Errorf("the carrier's order package lacks a %s attachment", want)
		}
	}
	mail("demo@portdesk.local", "We sent port request")
	hook("port_in.in_progress")

	c.call("POST", path+"/fix", staff, map[string]any{"version": p["version"], "rejections": []map[string]string{{"code": "account_number"}}}, 200)
	mail("demo@portdesk.local", "The account number is wrong or missing")
	hook("port_in.action_required")

	// The customer fixes it, signs the changed letter again and resubmits.
	p = c.call("GET", path, cust, nil, 200)
	p = c.call("PATCH", path, cust, map[string]any{"account_number": "DEMO-998877", "version": p["version"]}, 200)
	c.call("POST", path+"/loa/signature", cust, map[string]any{"signer_name": "Demo Admin", "signer_title": "Director",
		"signer_email": "demo@portdesk.local", "agree": true}, 201)
	p = c.call("GET", path, cust, nil, 200)
	p = c.call("POST", path+"/submit", cust, map[string]any{"version": p["version"]}, 200)
	hook("port_in.submitted")

	// The carrier commits to a date two business days on.
	p = c.call("POST", path+"/send-to-carrier", staff, map[string]any{"carrier_id": carrier["id"], "version": p["version"]}, 200)
	foc := nextBusinessAt(clock.Now(), 2, 10)
	p = c.call("POST", path+"/foc", staff, map[string]any{"foc": foc.Format(time.RFC3339), "confirm_early": true, "version": p["version"]}, 200)
	if ics := mail("demo@portdesk.local", "The carrier has committed"); !strings.Contains(string(ics.Raw), "text/calendar") {
		t.Error("the scheduled email has no calendar invitation")
	}
	hook("port_in.scheduled")
	if st := c.call("GET", path, cust, nil, 200)["status"]; st != "scheduled" {
		t.Fatalf("status %v before the FOC, want scheduled", st)
	}

	// The FOC comes: the server's own job completes the port and the numbers go live, SMS
	// still pending on these landlines.
	clock.Set(t, foc.Add(time.Minute))
	mail("demo@portdesk.local", "have moved to us and are active")
	hook("port_in.completed")
	numbers := len(p["numbers"].([]any))
	ported := map[string]bool{}
	for _, n := range p["numbers"].([]any) {
		ported[n.(map[string]any)["number"].(string)] = true
	}
	hook("number.activated")
	if got := recv.numbers("number.activated"); len(got) != numbers {
		t.Errorf("number.activated named %v, want all %d numbers", got, numbers)
	}
	live := func(sms string) int {
		n := 0
		for _, x := range c.call("GET", "/api/v1/inventory", cust, nil, 200)["data"].([]any) {
			if m := x.(map[string]any); ported[m["number"].(string)] && m["status"] == "active" && m["sms"] == sms {
				n++
			}
		}
		return n
	}
	if n := live("pending"); n != numbers {
		t.Errorf("%d numbers active with SMS pending after the FOC, want %d", n, numbers)
	}

	// Three business days later the SMS job turns SMS on, once for each number.
	clock.Set(t, leadtime.AddBusinessDays("GB", foc, 3).Add(time.Hour))
	hook("number.sms_enabled")
	if got := recv.numbers("number.sms_enabled"); len(got) != numbers {
		t.Errorf("number.sms_enabled named %v, want all %d numbers", got, numbers)
	}
	if n := live("active"); n != numbers {
		t.Errorf("%d numbers with SMS active three business days after the FOC, want %d", n, numbers)
	}
	recv.check(t)
}
