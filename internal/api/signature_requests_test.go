package api

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// Send for signature over the API: the letter goes to the authorised person, the list says
// where it stands (waiting, then signed through the link), a waiting one is revoked, and
// another customer sees none of it. Every answer matches openapi.json.
func TestSendForSignatureOverAPI(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		c := newClient(t, env)
		srv := smtpFor(t, env)
		cust := env.NewCustomer(t, "Sign API", 0, domain.CountryGB)
		other := env.NewCustomer(t, "Other API", 0, domain.CountryGB)
		p, err := env.PortIns.Create(ctx, cust.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0791"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.PortIns.Update(ctx, cust.Actor, p.ID, p.Version, desktest.Complete()); err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/api/v1/port-ins/%d/loa/signature-requests", p.ID)
		type list struct {
			Requests []struct {
				ID       int64
				Status   string
				Email    string
				SignedAt *time.Time `json:"signed_at"`
			} `json:"signature_requests"`
		}
		var sent list
		c.want(c.do("POST", path, cust.Token, nil), 201).json(t, &sent)
		if len(sent.Requests) != 1 || sent.Requests[0].Status != "waiting" || sent.Requests[0].Email != "jane@acme.example" {
			t.Fatalf("sent: %+v", sent)
		}
		c.want(c.do("GET", path, other.Token, nil), 404)
		c.want(c.do("POST", path, other.Token, nil), 404)
		if n := env.SendSignatureRequests(t); n != 1 {
			t.Fatalf("jobs: %d", n)
		}
		tok := desktest.LinkToken(t, srv.Wait(1, 5*time.Second)[0])
		if _, err := env.PortIns.SignThroughLink(ctx, tok, portin.SignInput{Name: "Jane Smith", Title: "Director", Agree: true, IP: "203.0.113.4", UserAgent: "test"}); err != nil {
			t.Fatal(err)
		}
		var got list
		c.want(c.do("GET", path, cust.Token, nil), 200).json(t, &got)
		if len(got.Requests) != 1 || got.Requests[0].Status != "signed" || got.Requests[0].SignedAt == nil {
			t.Fatalf("after signing: %+v", got)
		}
		var pw struct {
			Letters []struct {
				Signature *struct {
					IP          string `json:"ip"`
					SignatureID int64  `json:"signature_request_id"`
				}
			}
		}
		c.want(c.do("GET", fmt.Sprintf("/api/v1/port-ins/%d/loa", p.ID), cust.Token, nil), 200).json(t, &pw)
		if len(pw.Letters) != 1 || pw.Letters[0].Signature == nil || pw.Letters[0].Signature.SignatureID != sent.Requests[0].ID || pw.Letters[0].Signature.IP != "203.0.113.4" {
			t.Fatalf("evidence: %+v", pw)
		}
		// Signed as it reads: nothing to send, nothing to revoke.
		c.want(c.do("POST", path, cust.Token, nil), 409)
		c.want(c.do("DELETE", fmt.Sprintf("%s/%d", path, sent.Requests[0].ID), cust.Token, nil), 409)

		q, err := env.PortIns.Create(ctx, cust.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0792"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.PortIns.Update(ctx, cust.Actor, q.ID, q.Version, desktest.Complete()); err != nil {
			t.Fatal(err)
		}
		qpath := fmt.Sprintf("/api/v1/port-ins/%d/loa/signature-requests", q.ID)
		c.want(c.do("POST", qpath, cust.Token, nil), 201).json(t, &sent)
		c.want(c.do("DELETE", fmt.Sprintf("%s/%d", qpath, sent.Requests[0].ID), other.Token, nil), 404)
		c.want(c.do("DELETE", fmt.Sprintf("%s/x", qpath), cust.Token, nil), 404)
		c.want(c.do("DELETE", fmt.Sprintf("%s/%d", qpath, sent.Requests[0].ID), cust.Token, nil), 204)
		c.want(c.do("GET", qpath, cust.Token, nil), 200).json(t, &got)
		if len(got.Requests) != 1 || got.Requests[0].Status != "revoked" {
			t.Fatalf("after revoking: %+v", got)
		}
	})
}
