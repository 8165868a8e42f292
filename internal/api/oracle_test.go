package api

import (
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// Over the API, held to the OpenAPI document: a customer checking another tenant's number
// reads not_available and no request; the porting team reads the open port and its request.
func TestSecurityCheckNoOracleOverTheAPI(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := newClient(t, env)
	a := env.NewCustomer(t, "Oracle A", 0, domain.CountryGB)
	b := env.NewCustomer(t, "Oracle B", 0, domain.CountryGB)
	_, staff := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	held, err := env.PortIns.Create(t.Context(), b.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "01134960801"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		who   string
		token string
		want  domain.Conflict
	}{
		{"customer", a.Token, domain.Conflict{Kind: domain.ConflictNotAvailable}},
		{"staff", staff, domain.Conflict{Kind: domain.ConflictOpenPort, PortInID: held.ID}},
	} {
		var res struct{ Results []domain.Check }
		c.want(c.do("POST", "/api/v1/portability-checks", tc.token, map[string]any{"numbers": []string{"01134960801"}}), 200).json(t, &res)
		if len(res.Results) != 1 || len(res.Results[0].Conflicts) != 1 || res.Results[0].Conflicts[0].Kind != tc.want.Kind ||
			res.Results[0].Conflicts[0].PortInID != tc.want.PortInID {
			t.Errorf("%s: %+v", tc.who, res.Results)
		}
	}
}
