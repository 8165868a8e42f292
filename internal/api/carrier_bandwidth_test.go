package api

import (
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// A Bandwidth carrier over the API: its account, site and peer ids are kept and answered,
// an email carrier has none, an admin sets the API user's credentials and the callbacks'
// password on the key call, and neither is ever answered, only when each was set.
func TestBandwidthCarrierOverAPI(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := newClient(t, env)
	_, tok := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
	in := map[string]any{"name": "Bandwidth", "email": "lnp@bandwidth.example", "countries": []string{"US"}, "kind": "bandwidth",
		"webhook_key": "bw-callbacks", "account_id": "9900000", "site_id": "1234", "peer_id": "5678"}
	var made carrierJSON
	c.want(c.do("POST", "/api/v1/carriers", tok, in), 201).json(t, &made)
	if made.Kind != "bandwidth" || made.AccountID != "9900000" || made.SiteID != "1234" || made.PeerID != "5678" || made.SecretSetAt != nil {
		t.Fatalf("made: %+v", made)
	}
	bad := map[string]any{"name": "Mail", "email": "lnp@mail.example", "account_id": "1"}
	if r := c.want(c.do("POST", "/api/v1/carriers", tok, bad), 422); !strings.Contains(string(r.body), "account_id") {
		t.Fatalf("an email carrier with an account id: %s", r.body)
	}
	// Before its key is set a callback to it finds no carrier, and says nothing of a key.
	hook := "/api/v1/carriers/" + itoa(made.ID) + "/webhooks"
	if r := c.want(c.do("POST", hook, "", map[string]any{"any": "thing"}), 404); strings.Contains(strings.ToLower(string(r.body)), "key") {
		t.Fatalf("a callback to a carrier without its key: %s", r.body)
	}
	path := "/api/v1/carriers/" + itoa(made.ID) + "/key"
	c.want(c.do("PUT", path, tok, map[string]any{"api_key": "user:pass word", "webhook_secret": "hook-pass-123"}), 204)
	r := c.want(c.do("GET", "/api/v1/carriers", tok, nil), 200)
	if strings.Contains(string(r.body), "pass word") || strings.Contains(string(r.body), "hook-pass-123") {
		t.Fatalf("a secret answered: %s", r.body)
	}
	var list struct{ Data []carrierJSON }
	r.json(t, &list)
	if len(list.Data) != 1 || list.Data[0].KeySetAt == nil || list.Data[0].SecretSetAt == nil {
		t.Fatalf("the secrets' times: %s", r.body)
	}
	c.want(c.do("PUT", path, tok, map[string]any{"api_key": "no-colon"}), 422)
}
