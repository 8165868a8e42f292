package team_test

import (
	"context"
	"encoding/csv"
	"mime"
	"slices"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/team"
)

// numbersCSV is the numbers attachment of a received order package, read as CSV.
func numbersCSV(t *testing.T, r smtptest.Received) [][]string {
	t.Helper()
	text, err := r.Text()
	if err != nil {
		t.Fatal(err)
	}
	_, part, ok := strings.Cut(text, "--- text/csv\n")
	if !ok {
		t.Fatalf("no CSV in the package:\n%s", text)
	}
	part, _, _ = strings.Cut(part, "\n--- ")
	rows, err := csv.NewReader(strings.NewReader(part)).ReadAll()
	if err != nil {
		t.Fatalf("numbers CSV: %v\n%s", err, part)
	}
	return rows
}

// The order package carries the numbers the carrier is asked to port and what it matches
// them by (the account number and billing number), counted the same in the subject, the
// summary and the CSV: not the numbers set aside or ported already, and never where calls go
// after the port or the customer's tracking sources.
func TestOrderPackageCarriesOnlyWhatTheCarrierNeeds(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		srv := smtptest.Start(t)
		m, _ := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
		env.UseMailer(t, m)
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		carrier, err := env.Team.SaveCarrier(ctx, staff, 0, team.CarrierInput{Name: "BT Wholesale", Email: "porting@bt.example"})
		if err != nil {
			t.Fatal(err)
		}
		// The operator stops porting geographic numbers from Gamma: Gamma's are set aside.
		admin, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		rows, err := env.Team.PortingAgreements(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Provider == "Gamma" && slices.Contains(r.Categories, "geographic") {
				r.Portable = domain.PortableNo
				if _, err := env.Team.UpdatePortingAgreement(ctx, admin, r); err != nil {
					t.Fatal(err)
				}
			}
		}
		in := desktest.Complete()
		in.Numbers = []portin.NumberInput{
			{Number: "0113 496 0770", ReceivingNumber: "0161 496 0000", TrackingSource: "Google Ads"},
			{Number: "0113 496 0771", TrackingSource: "Radio"},
			{Number: "0113 496 1234"}, // Gamma's: set aside at submission
		}
		p, err := env.PortIns.Create(ctx, c.Actor, in)
		if err != nil {
			t.Fatal(err)
		}
		env.Paperwork(t, c.Actor, p.ID)
		v, _ := env.PortIns.Get(ctx, c.Actor, p.ID)
		if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, v.Version); err != nil || p.Status != domain.StatusSubmitted {
			t.Fatalf("submit: %v %v", err, desktest.FieldsOf(err))
		}
		send := func() smtptest.Received {
			t.Helper()
			var err error
			if p, err = env.Team.SendToCarrier(ctx, staff, p.ID, p.Version, carrier.ID); err != nil {
				t.Fatal(err)
			}
			sent := env.LastEvent(t, p.ID, domain.EventSentToCarrier)
			if err := env.Team.SendOrderPackage(ctx, domain.SendToCarrierArgs{EventID: sent.ID, CarrierID: carrier.ID}); err != nil {
				t.Fatal(err)
			}
			got := srv.Messages()
			return got[len(got)-1]
		}
		header := []string{"number", "account_number", "billing_telephone_number"}
		for _, tc := range []struct {
			name    string
			before  func(t *testing.T) // what happens before the package is sent
			numbers []string
			count   string // as the subject says it
		}{
			{"the first package: the set-aside number left out", func(*testing.T) {}, []string{"+441134960770", "+441134960771"}, "2 numbers"},
			{"sent again after a number ported", func(t *testing.T) {
				var err error
				if p, err = env.PortIns.CompleteNumbers(ctx, staff, p.ID, p.Version, []string{"0113 496 0770"}); err != nil {
					t.Fatal(err)
				}
			}, []string{"+441134960771"}, "1 number"},
		} {
			tc.before(t)
			r := send()
			want := [][]string{header}
			for _, n := range tc.numbers {
				want = append(want, []string{n, p.AccountNumber, p.BTN})
			}
			if rows := numbersCSV(t, r); !slices.EqualFunc(rows, want, slices.Equal) {
				t.Errorf("%s: CSV %q, want %q", tc.name, rows, want)
			}
			msg, err := r.Parse()
			if err != nil {
				t.Fatal(err)
			}
			subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			text, _ := r.Text()
			if !strings.Contains(subject, ", "+tc.count+" (our ref") || !strings.Contains(text, "Numbers: "+strings.Fields(tc.count)[0]+" (attached as CSV)") {
				t.Errorf("%s: the package does not count %s: %q", tc.name, tc.count, subject)
			}
			for _, ours := range []string{"0161 496 0000", "+441614960000", "Google Ads", "Radio", "+441134961234", "113 496 1234"} {
				if strings.Contains(text, ours) {
					t.Errorf("%s: the package carries %q", tc.name, ours)
				}
			}
		}
	})
}
