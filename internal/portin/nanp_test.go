package portin_test

import (
	"slices"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// requirementField is the request's field a requirement is met by; service_address is met by
// the billing address, and the PAC is the PAC order's.
var requirementField = map[string]string{
	domain.RequireAccountNumber: "account_number", domain.RequirePIN: "pin", domain.RequireBTN: "btn",
	domain.RequireLosingProviderAddress: "losing_provider_address", domain.RequireLineType: "line_type", domain.RequireNewBTN: "new_btn",
}

// What submit asks for, order by order, is exactly what the orders' requires list: with every
// such field empty, the fields missing are those of the requirements, no more, no fewer.
func TestMissingIsWhatTheOrdersRequire(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		for _, tc := range []struct {
			name    string
			numbers []string
			partial bool
			want    []string // the fields, sorted
		}{
			{"UK geographic", []string{"+441134960001"}, false, []string{"btn", "line_type", "losing_provider_address"}},
			{"UK freephone", []string{"+448001234567"}, false, []string{"account_number", "btn", "line_type", "losing_provider_address"}},
			{"Canada: the PIN too", []string{"+14165550234"}, false, []string{"account_number", "btn", "pin"}},
			{"US local", []string{"+12015550234"}, false, []string{"btn"}},
			{"US toll-free", []string{"+18002345678"}, false, []string{"btn"}},
			{"US 900: the team says", []string{"+19002345678"}, false, nil},
			{"UK partial port moving the billing number", []string{"+441134960003", "+441134960004"}, true, []string{"btn", "line_type", "losing_provider_address", "new_btn"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := env.NewCustomer(t, tc.name, 0, domain.CountryGB)
				in := desktest.Complete()
				empty, pt := "", domain.PortFull
				lt := domain.LineType("")
				in.AccountNumber, in.PIN, in.BTN, in.LosingProviderAddress, in.LineType, in.NewBTN = &empty, &empty, &empty, &empty, &lt, &empty
				if tc.partial {
					pt = domain.PortPartial
					btn := tc.numbers[0] // the billing number moves; a new one is needed
					in.BTN = &btn
				}
				in.PortType = &pt
				for _, n := range tc.numbers {
					in.Numbers = append(in.Numbers, portin.NumberInput{Number: n})
				}
				p, err := env.PortIns.Create(ctx, c.Actor, in)
				if err != nil {
					t.Fatal(err)
				}
				v, err := env.PortIns.Get(ctx, c.Actor, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				var required []string
				for _, o := range v.Plan.Plan.Orders {
					for _, r := range o.Requires {
						if f, ok := requirementField[r]; ok && !slices.Contains(required, f) {
							required = append(required, f)
						}
					}
				}
				var missing []string
				for _, f := range v.Missing {
					if slices.Contains(requirementFields(), f.Field) {
						missing = append(missing, f.Field)
					}
				}
				wantMissing := tc.want
				if tc.partial {
					wantMissing = slices.DeleteFunc(slices.Clone(tc.want), func(f string) bool { return f == "btn" }) // given: it moves
				}
				slices.Sort(required)
				slices.Sort(missing)
				if !slices.Equal(missing, wantMissing) || !slices.Equal(required, tc.want) {
					t.Fatalf("missing %v, orders require %v; want %v of %v", missing, required, wantMissing, tc.want)
				}
				// Submit refuses for the same fields.
				_, err = env.PortIns.Submit(ctx, c.Actor, p.ID, v.Version)
				for _, f := range wantMissing {
					if !slices.Contains(fieldsOf(err), f) {
						t.Errorf("submit did not ask for %s: %v", f, err)
					}
				}
			})
		}
	})
}

func requirementFields() []string {
	var out []string
	for _, f := range requirementField {
		out = append(out, f)
	}
	return out
}

// A Canadian draft needs the PIN the check lists before it can be submitted.
func TestCanadianSubmitNeedsThePIN(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Maple", 0, domain.CountryCA)
		in := desktest.Complete()
		in.BillingAddress = &domain.Address{Line1: "1 King St W", City: "Toronto", Region: "ON", Postcode: "M5H 1A1", Country: "CA"}
		btn := "(416) 555-0234"
		in.BTN = &btn
		in.Numbers = []portin.NumberInput{{Number: "(416) 555-0234"}}
		p, err := env.PortIns.Create(ctx, c.Actor, in)
		if err != nil {
			t.Fatal(err)
		}
		rp, err := env.PortIns.Plan(ctx, c.Actor, p.ID)
		if err != nil || !slices.Contains(rp.Checks[0].Requires, domain.RequirePIN) {
			t.Fatalf("check: %+v %v", rp.Checks, err)
		}
		env.Paperwork(t, c.Actor, p.ID)
		v, _ := env.PortIns.Get(ctx, c.Actor, p.ID)
		empty := ""
		if p, err = env.PortIns.Update(ctx, c.Actor, p.ID, v.Version, portin.Changes{PIN: &empty}); err != nil || p.PINSet() {
			t.Fatalf("remove the PIN: %v", err)
		}
		_, err = env.PortIns.Submit(ctx, c.Actor, p.ID, p.Version)
		desktest.WantError(t, err, domain.ErrIncomplete, "submit port-in request")
		if got := fieldsOf(err); !slices.Equal(got, []string{"pin"}) {
			t.Fatalf("submit without the PIN: %v", err)
		}
		pin := "2468"
		if p, err = env.PortIns.Update(ctx, c.Actor, p.ID, p.Version, portin.Changes{PIN: &pin}); err != nil {
			t.Fatal(err)
		}
		if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, p.Version); err != nil || p.Status != domain.StatusSubmitted {
			t.Fatalf("submit with the PIN: %+v %v", p, err)
		}
	})
}
