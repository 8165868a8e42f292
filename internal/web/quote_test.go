package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// An order sent back for a fix shows the quote accepted with its request, though the prices
// changed since, and asks for no acceptance; once its numbers change, it says the quote has
// changed and must be accepted again.
func TestWebSentBackOrderKeepsItsAcceptedQuote(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	prices := func(geographic int64) {
		pt := domain.DefaultPriceTable()
		pt.CarrierFees = []domain.CarrierFee{{Country: "GB", Category: "geographic", Fee: domain.Money{Amount: geographic, Currency: "GBP"}}}
		if _, err := env.Billing.SetPriceTable(t.Context(), desk.System(), pt); err != nil {
			t.Fatal(err)
		}
	}
	for i, tc := range []struct {
		name      string
		addNumber string // the customer adds it while the order is back
		want      []string
		not       []string
	}{
		{"unchanged", "", []string{"GBP 2.50", "this order is charged its part of that quote when it completes"}, []string{`id="accept-quote"`, "GBP 99.00", "accept it before submitting"}},
		{"a number added", "0113 496 0419", []string{"it has changed since and must be accepted again", `id="accept-quote"`, "GBP 198.00"}, []string{"this order is charged its part"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cust := env.NewCustomer(t, "Orders "+tc.name, 0, domain.CountryGB)
			prices(250)
			in := desktest.Complete()
			bt := "0113 496 04" + strconv.Itoa(i) + "1"
			in.Numbers = []portin.NumberInput{{Number: bt}, {Number: "020 7946 04" + strconv.Itoa(i) + "1"}}
			p, err := env.PortIns.Create(t.Context(), cust.Actor, in)
			if err != nil {
				t.Fatal(err)
			}
			rp, err := env.PortIns.Plan(t.Context(), cust.Actor, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if p, err = env.PortIns.AcceptQuote(t.Context(), cust.Actor, p.ID, p.Version, rp.Plan.Quote.Hash); err != nil {
				t.Fatal(err)
			}
			env.Paperwork(t, cust.Actor, p.ID)
			v, _ := env.PortIns.Get(t.Context(), cust.Actor, p.ID)
			if p, err = env.PortIns.Submit(t.Context(), cust.Actor, p.ID, v.Version); err != nil || p.Status != domain.StatusSplit {
				t.Fatalf("submit: %v %s", err, p.Status)
			}
			rp, _ = env.PortIns.Plan(t.Context(), cust.Actor, p.ID)
			var order domain.PortIn
			for _, ch := range rp.Children {
				if ch.FirstNumber == "+4411349604"+strconv.Itoa(i)+"1" {
					order = ch.PortIn
				}
			}
			if order.ID == 0 {
				t.Fatalf("no order for %s in %+v", bt, rp.Children)
			}
			if order, err = env.Team.RequestFix(t.Context(), staff, order.ID, order.Version, []domain.Rejection{{Code: domain.RejectPIN}}, ""); err != nil {
				t.Fatal(err)
			}
			prices(9900)
			if tc.addNumber != "" {
				if _, err := env.PortIns.AddNumbers(t.Context(), cust.Actor, order.ID, order.Version, portin.RowList(portin.Rows([]portin.NumberInput{{Number: tc.addNumber}})), false); err != nil {
					t.Fatal(err)
				}
			}
			b := newBrowser(t, env)
			b.login(cust.Admin.Email, password)
			code, page, _ := b.get("/port-ins/" + strconv.FormatInt(order.ID, 10))
			if code != 200 {
				t.Fatalf("order page: %d", code)
			}
			for _, w := range tc.want {
				if !strings.Contains(page, w) {
					t.Errorf("the order page lacks %q", w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(page, w) {
					t.Errorf("the order page shows %q", w)
				}
			}
		})
	}
}
