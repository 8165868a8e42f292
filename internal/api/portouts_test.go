package api

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portout"
	"github.com/portdesk/portdesk/internal/team"
)

// announcePortOut has the customer's admin announce a port-out of numbers.
func announcePortOut(t *testing.T, env *desktest.Env, c desktest.Customer, numbers ...string) domain.PortOut {
	t.Helper()
	p, err := env.PortOuts.Create(context.Background(), c.Actor, portout.Input{GainingProvider: "Gamma", Numbers: numbers}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type portOutResp struct {
	ID          int64    `json:"id"`
	Status      string   `json:"status"`
	Version     int64    `json:"version"`
	Origin      string   `json:"origin"`
	PINOutcome  string   `json:"pin_outcome"`
	FailedCodes []string `json:"failed_codes"`
	Allowed     []string `json:"allowed_transitions"`
	Documents   []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"documents"`
	Rejections []struct {
		Code, Text string
	} `json:"rejections"`
}

// multipartPortOut is the gaining provider's request as the team sends it: fields, then the
// document.
func multipartPortOut(fields map[string]string, doc []byte) (string, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, k := range []string{"account_id", "gaining_provider", "gaining_reference", "end_user_name", "postcode", "pin", "numbers"} {
		if v, ok := fields[k]; ok {
			_ = mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("file", "gaining-loa.pdf")
	_, _ = fw.Write(doc)
	_ = mw.Close()
	return b.String(), mw.FormDataContentType()
}

// The port-out surface over HTTP, every answer held to openapi.json: the team enters a
// gaining provider's request with its document; a wrong PIN fails its check; the admin sets
// protection (PIN only as set), a member and the team cannot; a locked number is refused at
// once; the team rejects, authorizes and completes once; another account gets 404 throughout.
func TestPortOutsOverAPI(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		c := newClient(t, env)
		cust := env.NewCustomer(t, "Outbound", 0, domain.CountryGB)
		other := env.NewCustomer(t, "Bystander", 0, domain.CountryGB)
		staff, staffTok := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		for _, n := range []string{"0113 496 0901", "0113 496 0902", "0113 496 0903"} {
			if _, err := env.Team.AddInventoryNumber(ctx, staff, team.InventoryInput{AccountID: cust.Account.ID, Number: n}); err != nil {
				t.Fatal(err)
			}
		}
		settings := fmt.Sprintf("/api/v1/accounts/%d/port-out-settings", cust.Account.ID)

		// Protection: the admin sets it; the PIN never comes back; the team may only look.
		var st map[string]any
		c.want(c.do("PUT", fmt.Sprintf("/api/v1/accounts/%d/port-out-pin", cust.Account.ID), cust.Token, map[string]any{"pin": "2468"}), 200).json(t, &st)
		if st["pin_set"] != true || strings.Contains(fmt.Sprint(st), "2468") {
			t.Fatalf("settings %v", st)
		}
		c.want(c.do("PATCH", settings, cust.Token, map[string]any{"record_name": "Outbound Ltd", "record_postcode": "LS1 4AP"}), 200)
		c.want(c.do("PATCH", settings, staffTok, map[string]any{"locked": true}), 403)
		c.want(c.do("GET", settings, staffTok, nil), 200).json(t, &st)
		if st["record_name"] != "Outbound Ltd" || st["locked"] != false {
			t.Fatalf("the team's view %v", st)
		}
		c.want(c.do("GET", settings, other.Token, nil), 404)

		// The team enters the gaining provider's request with its LOA; the PIN is wrong.
		body, ct := multipartPortOut(map[string]string{"account_id": fmt.Sprint(cust.Account.ID), "gaining_provider": "Gamma", "gaining_reference": "G-1",
			"end_user_name": "OUTBOUND LIMITED", "postcode": "ls1 4ap", "pin": "1111", "numbers": "0113 496 0901\n0113 496 0902"}, desktest.BillPDF("Gamma LOA"))
		var po portOutResp
		c.want(c.do("POST", "/api/v1/port-outs", staffTok, body, "Content-Type", ct), 201).json(t, &po)
		if po.Status != "pending" || po.PINOutcome != "wrong" || len(po.FailedCodes) != 1 || po.FailedCodes[0] != "pin" || len(po.Documents) != 1 || po.Origin != "gaining_provider" {
			t.Fatalf("created %+v", po)
		}
		path := fmt.Sprintf("/api/v1/port-outs/%d", po.ID)
		r := c.want(c.do("GET", fmt.Sprintf("%s/documents/%d", path, po.Documents[0].ID), cust.Token, nil), 200)
		if !strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("download %v", r.header)
		}
		// Another account: nothing, anywhere.
		c.want(c.do("GET", path, other.Token, nil), 404)
		c.want(c.do("GET", path+"/events", other.Token, nil), 404)
		c.want(c.do("POST", path+"/cancel", other.Token, map[string]any{"version": po.Version, "reason": "x"}), 404)
		var list struct{ Data []portOutResp }
		c.want(c.do("GET", "/api/v1/port-outs", other.Token, nil), 200).json(t, &list)
		if len(list.Data) != 0 {
			t.Fatalf("another account lists %d port-outs", len(list.Data))
		}
		c.want(c.do("GET", "/api/v1/port-outs?status=pending", staffTok, nil), 200).json(t, &list)
		if len(list.Data) != 1 || list.Data[0].ID != po.ID {
			t.Fatalf("the team's queue %+v", list.Data)
		}
		c.want(c.do("GET", "/api/v1/port-outs?status=lost", staffTok, nil), 422)

		// The customer cannot answer a gaining provider; the team rejects with the code.
		var seen portOutResp
		c.want(c.do("GET", path, cust.Token, nil), 200).json(t, &seen)
		if len(seen.Allowed) != 0 {
			t.Fatalf("a customer is offered %v on a gaining provider's port-out", seen.Allowed)
		}
		c.want(c.do("POST", path+"/authorize", cust.Token, map[string]any{"version": po.Version}), 403)
		c.want(c.do("POST", path+"/cancel", cust.Token, map[string]any{"version": po.Version, "reason": "not me"}), 403)
		c.want(c.do("POST", path+"/authorize", staffTok, map[string]any{"version": po.Version}), 422)
		c.want(c.do("POST", path+"/reject", staffTok, map[string]any{"version": po.Version, "rejections": []map[string]string{{"code": "pin"}}}), 200).json(t, &po)
		if po.Status != "rejected" || len(po.Rejections) != 1 || po.Rejections[0].Text == "" {
			t.Fatalf("rejected %+v", po)
		}
		var events struct{ Data []map[string]any }
		c.want(c.do("GET", path+"/events", cust.Token, nil), 200).json(t, &events)
		if len(events.Data) != 2 {
			t.Fatalf("timeline %+v", events.Data)
		}

		// A locked number's port-out is refused at once.
		c.want(c.do("PUT", fmt.Sprintf("/api/v1/accounts/%d/number-locks/%%2B441134960903", cust.Account.ID), cust.Token, nil), 200).json(t, &st)
		if locks := st["number_locks"].([]any); len(locks) != 1 {
			t.Fatalf("locks %v", locks)
		}
		c.want(c.do("PUT", fmt.Sprintf("/api/v1/accounts/%d/number-locks/%%2B441134960903", cust.Account.ID), staffTok, nil), 403)
		var locked portOutResp
		c.want(c.do("POST", "/api/v1/port-outs", staffTok, map[string]any{"account_id": cust.Account.ID, "gaining_provider": "BT", "numbers": []string{"0113 496 0903"}}), 201).json(t, &locked)
		if locked.Status != "rejected" || locked.Rejections[0].Code != "port_lock" {
			t.Fatalf("locked %+v", locked)
		}

		// The right PIN, name and postcode: authorized and completed, once.
		var clean portOutResp
		c.want(c.do("POST", "/api/v1/port-outs", cust.Token, map[string]any{"gaining_provider": "BT", "end_user_name": "Outbound Ltd",
			"postcode": "LS14AP", "pin": "2468", "numbers": []string{"0113 496 0901"}}), 201).json(t, &clean)
		if clean.Origin != "customer" || len(clean.FailedCodes) != 0 || clean.PINOutcome != "matched" {
			t.Fatalf("announced %+v", clean)
		}
		cpath := fmt.Sprintf("/api/v1/port-outs/%d", clean.ID)
		c.want(c.do("POST", cpath+"/authorize", staffTok, map[string]any{}, ifMatch(clean.Version)...), 200).json(t, &clean)
		c.want(c.do("POST", cpath+"/complete", staffTok, map[string]any{"version": clean.Version}), 200).json(t, &clean)
		if clean.Status != "completed" {
			t.Fatalf("completed %+v", clean)
		}
		var prob problemJSON
		c.want(c.do("POST", cpath+"/complete", staffTok, map[string]any{"version": clean.Version}), 409).json(t, &prob)
		if prob.Code != "illegal_transition" {
			t.Fatalf("second completion %+v", prob)
		}
		entries, err := env.Store.LedgerEntries(ctx, domain.LedgerFilter{AccountIDs: []int64{cust.Account.ID}})
		if err != nil || len(entries) != 1 || entries[0].Amount != (domain.Money{Amount: 1500, Currency: "GBP"}) {
			t.Fatalf("ledger %+v %v", entries, err)
		}
		var inv struct {
			Data []struct{ Number, Status string }
		}
		c.want(c.do("GET", "/api/v1/inventory", cust.Token, nil), 200).json(t, &inv)
		for _, n := range inv.Data {
			if n.Number == "+441134960901" && n.Status != "released" {
				t.Fatalf("inventory %+v", inv.Data)
			}
		}
		var hooks struct{ Data []string }
		c.want(c.do("GET", "/api/v1/webhook-events", cust.Token, nil), 200).json(t, &hooks)
		if !strings.Contains(strings.Join(hooks.Data, " "), "number.released") {
			t.Fatalf("webhook events %v", hooks.Data)
		}
	})
}
