package portin_test

import (
	"slices"
	"strings"
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
			{"UK geographic", []string{"+441134960001"}, false, []string{"account_number", "btn", "line_type", "losing_provider_address"}},
			{"UK freephone", []string{"+448001234567"}, false, []string{"account_number", "btn", "line_type", "losing_provider_address"}},
			{"Canada: the PIN too", []string{"+14165550234"}, false, []string{"account_number", "btn", "pin"}},
			{"US local", []string{"+12015550234"}, false, []string{"account_number", "btn"}},
			{"US toll-free", []string{"+18002345678"}, false, []string{"btn"}},
			{"US 900: the team says", []string{"+19002345678"}, false, nil},
			{"UK partial port moving the billing number", []string{"+441134960003", "+441134960004"}, true, []string{"account_number", "btn", "line_type", "losing_provider_address", "new_btn"}},
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

// A billing number typed without a country code is read in the request's country (its
// numbers', else its billing address's), not the account's, and that is the number on the
// letter; a number list's default country follows the request's too.
func TestNumbersAreReadInTheRequestsCountry(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		str := func(s string) *string { return &s }
		us := &domain.Address{Line1: "1 Main St", City: "Newark", Region: "NJ", Postcode: "07102", Country: "US"}
		for _, tc := range []struct {
			name    string
			account domain.Country
			in      portin.Changes
			later   portin.Changes // a change after the create, if any
			wantBTN string
		}{
			{"US billing address on a GB account", domain.CountryGB,
				portin.Changes{BillingAddress: us, BTN: str("(201) 555-0234")}, portin.Changes{}, "+12015550234"},
			{"US numbers typed with the create", domain.CountryGB,
				portin.Changes{BTN: str("(201) 555-0235"), Numbers: []portin.NumberInput{{Number: "+1 201 555 0236"}}}, portin.Changes{}, "+12015550235"},
			{"US numbers already on the request", domain.CountryGB,
				portin.Changes{Numbers: []portin.NumberInput{{Number: "+1 201 555 0237"}}}, portin.Changes{BTN: str("201-555-0238")}, "+12015550238"},
			{"UK numbers on a US account", domain.CountryUS,
				portin.Changes{Numbers: []portin.NumberInput{{Number: "+44 113 496 0001"}}}, portin.Changes{BTN: str("0113 496 0001")}, "+441134960001"},
			{"nothing yet: the account's country", domain.CountryGB,
				portin.Changes{BTN: str("020 7946 0000")}, portin.Changes{}, "+442079460000"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := env.NewCustomer(t, tc.name, 0, tc.account)
				p, err := env.PortIns.Create(ctx, c.Actor, tc.in)
				if err != nil {
					t.Fatal(err)
				}
				if tc.later.BTN != nil {
					if p, err = env.PortIns.Update(ctx, c.Actor, p.ID, p.Version, tc.later); err != nil {
						t.Fatal(err)
					}
				}
				if p.BTN != tc.wantBTN {
					t.Fatalf("BTN %s, want %s", p.BTN, tc.wantBTN)
				}
			})
		}

		// The letter of a US request of a GB account shows the US billing number.
		c := env.NewCustomer(t, "Letter", 0, domain.CountryGB)
		in := desktest.Complete()
		in.BillingAddress, in.BTN = us, str("(201) 555-0239")
		in.Numbers = []portin.NumberInput{{Number: "201 555 0239"}} // a list read in the request's country
		p, err := env.PortIns.Create(ctx, c.Actor, in)
		if err != nil {
			t.Fatal(err)
		}
		v, err := env.PortIns.Get(ctx, c.Actor, p.ID)
		if err != nil || len(v.Numbers) != 1 || v.Numbers[0].Number != "+12015550239" || p.BTN != "+12015550239" {
			t.Fatalf("numbers %+v, BTN %s: %v", v.Numbers, p.BTN, err)
		}
		if l := v.Paperwork.Letters; len(l) != 1 || l[0].Letter.BTN != "+12015550239" || l[0].Order.LOAType != domain.LOAUSLocal {
			t.Fatalf("letters: %+v", l)
		}
		// More numbers typed nationally join the request's country.
		res, err := env.PortIns.AddNumbers(ctx, c.Actor, p.ID, v.Version, portin.RowList(portin.Rows([]portin.NumberInput{{Number: "(201) 555-0240"}})), true)
		if err != nil || res.Rows[0].Number != "+12015550240" {
			t.Fatalf("dry run: %+v %v", res, err)
		}
	})
}

// A 0500 number typed into a request gets the check's 0808 5 suggestion, whatever country the
// list is read in.
func TestWithdrawnRowSuggestsItsReplacement(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	for _, country := range []domain.Country{domain.CountryGB, domain.CountryUS} {
		c := env.NewCustomer(t, "Rows "+string(country), 0, country)
		p, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := env.PortIns.AddNumbers(ctx, c.Actor, p.ID, p.Version, portin.RowList(portin.Rows([]portin.NumberInput{
			{Number: "0500 123456"}, {Number: "+44 500 654321"}, {Number: "500 123 4567"},
		})), true)
		if err != nil {
			t.Fatal(err)
		}
		check, _ := env.PortIns.CheckNumbers(ctx, c.Actor, portin.CheckRequest{}, []string{"0500 123456"})
		for i, want := range []string{"+448085123456", "+448085654321", ""} {
			r := res.Rows[i]
			if !r.Error || r.Code != domain.RowInvalidNumber || r.Suggestion != want {
				t.Errorf("%s, %s: %+v", country, r.Input, r)
			}
			if want != "" && !strings.Contains(r.Message, "withdrawn") {
				t.Errorf("%s, %s: message %q", country, r.Input, r.Message)
			}
		}
		if country == domain.CountryGB && (check[0].Suggestion != res.Rows[0].Suggestion || check[0].Message != res.Rows[0].Message) {
			t.Errorf("the row says %q (%s), the check %q (%s)", res.Rows[0].Message, res.Rows[0].Suggestion, check[0].Message, check[0].Suggestion)
		}
	}
}

// A ported freephone number is for calls: SMS unsupported, not pending for a job to enable.
func TestCallsOnlyNumbersPortWithoutSMS(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Freephone", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		p := env.Submitted(t, c.Actor, "0800 123 4567")
		p, err := env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
		if err != nil {
			t.Fatal(err)
		}
		if p, err = env.Team.Schedule(ctx, staff, p.ID, p.Version, env.FOC("GB", 2), true); err != nil {
			t.Fatal(err)
		}
		if _, err = env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusCompleted, ""); err != nil {
			t.Fatal(err)
		}
		inv, err := env.Store.InventoryByNumbers(ctx, []string{"+448001234567"})
		if err != nil || inv["+448001234567"].SMS != domain.SMSUnsupported || inv["+448001234567"].Status != domain.InventoryActive {
			t.Fatalf("inventory: %+v %v", inv, err)
		}
		if err := env.PortIns.EnableSMS(ctx, domain.EnableSMSArgs{PortInID: p.ID}); err != nil {
			t.Fatal(err)
		}
		if n := env.CountEvents(t, p.ID, func(e domain.PortInEvent) bool { return e.Type == domain.EventSMSEnabled }); n != 0 {
			t.Fatalf("%d SMS events for a freephone number", n)
		}
	})
}
