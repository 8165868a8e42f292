package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/portdesk/portdesk/leadtime"
	"github.com/portdesk/portdesk/notify/smtptest"
)

// TestServeNotifiesEndToEnd runs the real server with a real SMTP server and a webhook
// receiver on loopback, and drives the team's steps over the API: every email and webhook
// goes out through the server's own River jobs. The demo's submitted request tells the
// customer and the team; sending it to a carrier mails the carrier the order package; asking
// for a fix mails the customer the plain fix; the customer fixes, signs again and resubmits;
// the FOC mails a calendar invitation; completion puts the numbers live. Each step posts a
// signed webhook.
func TestServeNotifiesEndToEnd(t *testing.T) {
	smtp := smtptest.Start(t)
	var mu sync.Mutex
	var hooks []string
	var secret string
	var verifyErr error
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		wh, err := standardwebhooks.NewWebhook(secret)
		if err == nil {
			err = wh.Verify(body, r.Header)
		}
		if err != nil && verifyErr == nil {
			verifyErr = err
		}
		var m struct{ Type string }
		_ = json.Unmarshal(body, &m)
		hooks = append(hooks, m.Type)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer recv.Close()

	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", dir, "--demo", "--log-level", "warn",
			"--smtp-host", smtp.Host, "--smtp-port", strconv.Itoa(smtp.Port), "--smtp-tls", "none", "--team-email", "team@op.example",
			"--webhooks-allow-private"}, noEnv, nil, pw, io.Discard)
		pw.Close()
	}()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("serve did not shut down")
		}
	}()
	var base string
	demo := false
	sc := bufio.NewScanner(pr)
	for (base == "" || !demo) && sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "http://"); i >= 0 && strings.HasSuffix(line, "/login") {
			base = strings.TrimSuffix(line[i:], "/login")
		}
		demo = demo || strings.HasPrefix(line, "demo customer:")
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if base == "" {
		t.Fatal("serve did not print its URL")
	}
	token := func(email string) string {
		var tok struct{ Token string }
		if err := json.Unmarshal(runCLI(t, "admin", "create-token", "--data", dir, "--email", email), &tok); err != nil {
			t.Fatal(err)
		}
		return tok.Token
	}
	cust, staff := token("demo@portdesk.local"), token("admin@portdesk.local")
	call := func(method, path, tok string, body any, want int) map[string]any {
		t.Helper()
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, _ := http.NewRequest(method, base+path, rd)
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != want {
			t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, b)
		}
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		return m
	}
	// waitMail waits (bounded) for a message to an address whose text has want.
	waitMail := func(to, want string) smtptest.Received {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			for _, m := range smtp.Messages() {
				if text, _ := m.Text(); m.To[0] == to && strings.Contains(text, want) {
					return m
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("no email to %s saying %q", to, want)
		return smtptest.Received{}
	}
	waitHook := func(typ string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			mu.Lock()
			for _, h := range hooks {
				if h == typ {
					mu.Unlock()
					return
				}
			}
			mu.Unlock()
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("no %s webhook", typ)
	}

	// The demo's submitted request: the customer and the team's queue were told.
	waitMail("demo@portdesk.local", "We received port request")
	waitMail("team@op.example", "It is in the review queue")

	me := call("GET", "/api/v1/me", cust, nil, 200)
	acc := int64(me["account_id"].(float64))
	ep := call("POST", fmt.Sprintf("/api/v1/accounts/%d/webhooks", acc), cust, map[string]any{"url": recv.URL + "/portdesk"}, 201)
	mu.Lock()
	secret = ep["secret"].(string)
	mu.Unlock()

	list := call("GET", "/api/v1/port-ins?status=submitted", staff, nil, 200)
	p := list["data"].([]any)[0].(map[string]any)
	id := int64(p["id"].(float64))
	path := fmt.Sprintf("/api/v1/port-ins/%d", id)
	carrier := call("POST", "/api/v1/carriers", staff, map[string]any{"name": "Gamma", "email": "porting@gamma.example"}, 201)
	p = call("GET", path, staff, nil, 200)
	p = call("POST", path+"/send-to-carrier", staff, map[string]any{"carrier_id": carrier["id"], "version": p["version"]}, 200)
	order := waitMail("porting@gamma.example", "asks you to port the numbers below")
	raw := string(order.Raw)
	for _, want := range []string{"application/pdf", "image/png", "text/csv"} {
		if !strings.Contains(raw, want) {
			t.Errorf("the carrier's order package lacks a %s attachment", want)
		}
	}
	waitMail("demo@portdesk.local", "We sent port request")
	waitHook("port_in.in_progress")

	call("POST", path+"/fix", staff, map[string]any{"version": p["version"], "rejections": []map[string]string{{"code": "account_number"}}}, 200)
	waitMail("demo@portdesk.local", "The account number is wrong or missing")
	waitHook("port_in.action_required")

	// The customer fixes it, signs the changed letter again and resubmits.
	p = call("GET", path, cust, nil, 200)
	p = call("PATCH", path, cust, map[string]any{"account_number": "DEMO-998877", "version": p["version"]}, 200)
	call("POST", path+"/loa/signature", cust, map[string]any{"signer_name": "Demo Admin", "signer_title": "Director",
		"signer_email": "demo@portdesk.local", "agree": true}, 201)
	p = call("GET", path, cust, nil, 200)
	p = call("POST", path+"/submit", cust, map[string]any{"version": p["version"]}, 200)
	waitHook("port_in.submitted")

	// The carrier commits to a date; the team completes the port: the numbers go live.
	p = call("POST", path+"/send-to-carrier", staff, map[string]any{"carrier_id": carrier["id"], "version": p["version"]}, 200)
	foc := leadtime.AddBusinessDays("GB", time.Now(), 2)
	y, mo, d := foc.Date()
	foc = time.Date(y, mo, d, 10, 0, 0, 0, leadtime.Zone("GB"))
	p = call("POST", path+"/foc", staff, map[string]any{"foc": foc.Format(time.RFC3339), "version": p["version"]}, 200)
	if ics := waitMail("demo@portdesk.local", "The carrier has committed"); !strings.Contains(string(ics.Raw), "text/calendar") {
		t.Error("the scheduled email has no calendar invitation")
	}
	waitHook("port_in.scheduled")
	p = call("POST", path+"/transitions", staff, map[string]any{"status": "completed", "version": p["version"]}, 200)
	waitMail("demo@portdesk.local", "have moved to us and are active")
	waitHook("port_in.completed")
	waitHook("number.activated")
	inv := call("GET", "/api/v1/inventory", cust, nil, 200)
	live := 0
	for _, n := range inv["data"].([]any) {
		if n.(map[string]any)["status"] == "active" {
			live++
		}
	}
	if live == 0 {
		t.Errorf("no number is active after completion: %v", inv)
	}
	mu.Lock()
	defer mu.Unlock()
	if verifyErr != nil {
		t.Fatalf("a webhook failed verification: %v", verifyErr)
	}
}
