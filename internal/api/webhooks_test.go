package api

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// Endpoints over the API: the secret once, admins only, the log and redelivery.
func TestWebhooksOverAPI(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := newClient(t, env)
	ctx := context.Background()
	cust := env.NewCustomer(t, "Hooked", 0, domain.CountryGB)
	if _, _, err := env.Access.CreateUser(ctx, cust.Actor, access.NewUser{AccountID: cust.Account.ID, Role: domain.RoleMember, Email: "member@hooked.example", Password: "correct horse battery staple"}); err != nil {
		t.Fatal(err)
	}
	member, err := env.Access.TokenFor(ctx, "member@hooked.example", "test")
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("/api/v1/accounts/%d/webhooks", cust.Account.ID)
	r := c.want(c.do("POST", base, cust.Token, map[string]any{"url": "http://127.0.0.1:9/x"}), 422)
	if !strings.Contains(string(r.body), "public address") {
		t.Fatalf("loopback: %s", r.body)
	}
	c.want(c.do("POST", base, cust.Token, map[string]any{"url": "https://93.184.216.34/x", "events": []string{"port_in.exploded"}}), 422)
	c.want(c.do("POST", base, member, map[string]any{"url": "https://93.184.216.34/x"}), 403)
	var ep struct {
		ID     int64
		Secret string
		Events []string
	}
	c.want(c.do("POST", base, cust.Token, map[string]any{"url": "https://93.184.216.34/x", "events": []string{"port_in.completed"}}), 201).json(t, &ep)
	if !strings.HasPrefix(ep.Secret, "whsec_") || len(ep.Events) != 1 {
		t.Fatalf("created: %+v", ep)
	}
	var list struct{ Data []map[string]any }
	c.want(c.do("GET", base, cust.Token, nil), 200).json(t, &list)
	if len(list.Data) != 1 || list.Data[0]["secret"] != nil {
		t.Fatalf("the list shows the secret: %+v", list)
	}
	path := fmt.Sprintf("/api/v1/webhooks/%d", ep.ID)
	var patched struct{ Disabled bool }
	c.want(c.do("PATCH", path, cust.Token, map[string]any{"disabled": true}), 200).json(t, &patched)
	if !patched.Disabled {
		t.Fatal("not paused")
	}
	c.want(c.do("GET", path+"/deliveries", cust.Token, nil), 200)
	c.want(c.do("POST", path+"/deliveries/999/redeliver", cust.Token, map[string]any{}), 404)
	var events struct{ Data []string }
	if c.want(c.do("GET", "/api/v1/webhook-events", member, nil), 200).json(t, &events); len(events.Data) != len(domain.HookEvents) {
		t.Fatalf("events: %v", events.Data)
	}
	c.want(c.do("DELETE", path, member, nil), 403)
	c.want(c.do("DELETE", path, cust.Token, nil), 204)
	c.want(c.do("GET", path, cust.Token, nil), 404)
}
