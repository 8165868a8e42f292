package portin_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/team"
)

// The portability check is no oracle on other tenants: a number another tenant holds, on an
// open port, in its inventory or porting out, reads to a customer as one not_available, in
// the same words, with no request; its own holds it still hears of, and the porting team
// hears of every hold as it is.
func TestSecurityCheckNoOracleOnOtherTenants(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		staff, _ := env.NewStaff(t, "oracle@op.example", domain.RoleAgent)
		a := env.NewCustomer(t, "Oracle A", 0, domain.CountryGB)
		b := env.NewCustomer(t, "Oracle B", 0, domain.CountryGB)
		draft := func(c desktest.Customer, number string) domain.PortIn {
			p, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: number}}})
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		stock := func(c desktest.Customer, number string, st domain.InventoryStatus) {
			if _, err := env.Team.AddInventoryNumber(ctx, staff, team.InventoryInput{AccountID: c.Account.ID, Number: number, Status: st}); err != nil {
				t.Fatal(err)
			}
		}
		ownPort := draft(a, "01134960701")
		stock(a, "01134960702", domain.InventoryActive)
		theirPort := draft(b, "01134960703")
		stock(b, "01134960704", domain.InventoryActive)
		stock(b, "01134960705", domain.InventoryPortingOut)
		nums := []string{"01134960701", "01134960702", "01134960703", "01134960704", "01134960705"}

		kinds := func(c domain.Check) string {
			var ks []string
			for _, cf := range c.Conflicts {
				ks = append(ks, cf.Kind+"#"+strconv.FormatInt(cf.PortInID, 10))
			}
			return strings.Join(ks, ",")
		}
		for _, tc := range []struct {
			who   string
			actor domain.Actor
			req   portin.CheckRequest
			want  []string
		}{
			{"customer", a.Actor, portin.CheckRequest{}, []string{
				"open_port#" + strconv.FormatInt(ownPort.ID, 10), "in_inventory#0", "not_available#0", "not_available#0", "not_available#0"}},
			{"staff for the customer", staff, portin.CheckRequest{AccountID: a.Account.ID}, []string{
				"open_port#" + strconv.FormatInt(ownPort.ID, 10), "in_inventory#0", "open_port#" + strconv.FormatInt(theirPort.ID, 10), "in_inventory#0", "in_inventory#0"}},
		} {
			res, plan, err := env.PortIns.PlanNumbers(ctx, tc.actor, tc.req, nums)
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range res {
				if got := kinds(c); got != tc.want[i] {
					t.Errorf("%s: %s has %s, want %s", tc.who, nums[i], got, tc.want[i])
				}
			}
			if tc.actor != a.Actor {
				continue
			}
			// Whatever the hold, the customer reads the same check and the same set-aside line.
			for i := 3; i < 5; i++ {
				x, y := res[2], res[i]
				x.Input, x.E164, y.Input, y.E164 = "", "", "", ""
				if kinds(x) != kinds(y) || x.Message != y.Message || strings.Join(x.Reasons, ",") != strings.Join(y.Reasons, ",") || x.Portable != y.Portable {
					t.Errorf("%s and %s read differently: %+v / %+v", nums[2], nums[i], x, y)
				}
			}
			aside := map[string]string{}
			for _, sa := range plan.SetAside {
				aside[sa.Number] = strings.Join(sa.Reasons, ",") + "|" + sa.Message
			}
			if aside["+441134960703"] == "" || aside["+441134960703"] != aside["+441134960704"] || aside["+441134960704"] != aside["+441134960705"] {
				t.Errorf("set aside: %v", aside)
			}
			if strings.Contains(aside["+441134960703"], "request "+strconv.FormatInt(theirPort.ID, 10)) {
				t.Errorf("the set-aside line names the other tenant's request: %s", aside["+441134960703"])
			}
		}

		// Adding the other tenant's number names no request, on a create or an upload.
		_, err := env.PortIns.Create(ctx, a.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "01134960703"}}})
		theirs := "request " + strconv.FormatInt(theirPort.ID, 10)
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != domain.ErrInvalid || len(de.Fields) != 1 || de.Fields[0].Code != domain.RowNumberInOpenPort ||
			strings.Contains(de.Fields[0].Message, theirs) || strings.Contains(err.Error(), theirs) {
			t.Fatalf("create with another tenant's number: %v", err)
		}
		p, err := env.PortIns.Create(ctx, a.Actor, portin.Changes{})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := env.PortIns.AddNumbers(ctx, a.Actor, p.ID, p.Version, portin.RowList(portin.Rows([]portin.NumberInput{{Number: "01134960703"}})), true)
		if err != nil || rows.Rows[0].Code != domain.RowNumberInOpenPort || strings.Contains(rows.Rows[0].Message, theirs) {
			t.Fatalf("upload of another tenant's number: %+v %v", rows, err)
		}
	})
}
