package team_test

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"strconv"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
	"github.com/portdesk/portdesk/internal/team"
)

// attachments lists a received message's attachment file names with their types.
func attachments(t *testing.T, r smtptest.Received) map[string]string {
	t.Helper()
	m, err := r.Parse()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
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
			if name := p.FileName(); name != "" {
				out[name], _, _ = mime.ParseMediaType(p.Header.Get("Content-Type"))
				continue
			}
			walk(p.Header.Get("Content-Type"), p)
		}
	}
	walk(m.Header.Get("Content-Type"), m.Body)
	return out
}

// Send to carrier: the carrier's desk gets the order package at a real SMTP server on
// loopback, once, and the request is in progress.
func TestSendToCarrier(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		srv := smtptest.Start(t)
		m, _ := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
		env.UseMailer(t, m)
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		if _, err := env.Team.SaveCarrier(ctx, c.Actor, 0, team.CarrierInput{Name: "BT", Email: "porting@bt.example"}); !domain.IsCode(err, domain.ErrForbidden) {
			t.Fatalf("customer adds a carrier: %v", err)
		}
		for _, bad := range []team.CarrierInput{{Name: "", Email: "a@b.example"}, {Name: "X", Email: "not an email"}, {Name: "X", Email: "a@b.example", Countries: []string{"GBR"}},
			{Name: "X", Email: "a@b.example", Categories: []string{"cheap"}}} {
			if _, err := env.Team.SaveCarrier(ctx, staff, 0, bad); !domain.IsCode(err, domain.ErrInvalid) {
				t.Fatalf("%+v: %v", bad, err)
			}
		}
		carrier, err := env.Team.SaveCarrier(ctx, staff, 0, team.CarrierInput{Name: "BT Wholesale", Email: "porting@bt.example", Countries: []string{"gb"}, Categories: []string{"geographic"}})
		if err != nil || carrier.Countries[0] != "GB" {
			t.Fatalf("carrier: %+v %v", carrier, err)
		}
		p := env.Submitted(t, c.Actor, "0113 496 0760")
		if _, err := env.Team.SendToCarrier(ctx, c.Actor, p.ID, p.Version, carrier.ID); !domain.IsCode(err, domain.ErrForbidden) {
			t.Fatalf("customer sends: %v", err)
		}
		if _, err := env.Team.SendToCarrier(ctx, staff, p.ID, p.Version, 999); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("unknown carrier: %v", err)
		}
		if p, err = env.Team.SendToCarrier(ctx, staff, p.ID, p.Version, carrier.ID); err != nil || p.Status != domain.StatusInProgress {
			t.Fatalf("send: %v %s", err, p.Status)
		}
		sent := env.LastEvent(t, p.ID, domain.EventSentToCarrier)
		if !strings.Contains(sent.Detail, "BT Wholesale <porting@bt.example>") {
			t.Fatalf("timeline: %q", sent.Detail)
		}
		for range 2 { // a retry sends nothing twice
			if err := env.Team.SendOrderPackage(ctx, domain.SendToCarrierArgs{EventID: sent.ID, CarrierID: carrier.ID}); err != nil {
				t.Fatal(err)
			}
		}
		// Each send returned only once the server had kept and accepted its message: what the
		// server has now is all that was sent.
		got := srv.Messages()
		if len(got) != 1 || got[0].To[0] != "porting@bt.example" {
			t.Fatalf("carrier emails: %d", len(got))
		}
		files := attachments(t, got[0])
		want := map[string]string{"loa-" + itoa(p.ID) + "-1.pdf": "application/pdf", "bill-bill.pdf": "application/pdf", "numbers-" + itoa(p.ID) + ".csv": "text/csv"}
		for name, ct := range want {
			if files[name] != ct {
				t.Errorf("attachment %s: %q (have %v)", name, files[name], files)
			}
		}
		text, _ := got[0].Text()
		for _, w := range []string{"Account number: ACC-123456", "our ref " + itoa(p.ID), "+441134960760"} {
			if !strings.Contains(text, w) {
				t.Errorf("the order does not say %q", w)
			}
		}
		// Sent again while in progress: a second package, a second event.
		if _, err := env.Team.SendToCarrier(ctx, staff, p.ID, p.Version, carrier.ID); err != nil {
			t.Fatal(err)
		}
		if n := env.CountEvents(t, p.ID, func(e domain.PortInEvent) bool { return e.Type == domain.EventSentToCarrier }); n != 2 {
			t.Fatalf("%d sent events", n)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
