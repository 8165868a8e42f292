package team_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
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

// files reads a received message's attachments: name to bytes.
func files(t *testing.T, r smtptest.Received) map[string][]byte {
	t.Helper()
	m, err := r.Parse()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
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
				var r io.Reader = p
				if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "base64") {
					r = base64.NewDecoder(base64.StdEncoding, p)
				}
				out[name], err = io.ReadAll(r)
				if err != nil {
					t.Fatalf("attachment %s: %v", name, err)
				}
				continue
			}
			walk(p.Header.Get("Content-Type"), p)
		}
	}
	walk(m.Header.Get("Content-Type"), m.Body)
	return out
}

// The carrier gets the letter as signed: after a supplemental order, the letter signed again,
// with its certificate page; and a package whose letter changed after signing is not sent.
func TestOrderPackageSendsTheSignedLetter(t *testing.T) {
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
		add := func(p domain.PortIn, number string) domain.PortIn {
			t.Helper()
			if _, err := env.PortIns.AddNumbers(ctx, c.Actor, p.ID, p.Version, portin.RowList(portin.Rows([]portin.NumberInput{{Number: number}})), false); err != nil {
				t.Fatal(err)
			}
			p, _ = env.Store.PortIn(ctx, p.ID)
			return p
		}
		p := env.Submitted(t, c.Actor, "0113 496 0801")
		p = add(p, "0113 496 0802")
		if _, err := env.Team.SendToCarrier(ctx, staff, p.ID, p.Version, carrier.ID); !domain.IsCode(err, domain.ErrIncomplete) {
			t.Fatalf("sent with a letter changed after signing: %v", err)
		}
		if _, err := env.PortIns.SignLOA(ctx, c.Actor, p.ID, portin.SignInput{Name: "Jane Smith", Title: "Director", Email: "jane@acme.example", Agree: true}); err != nil {
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
			t.Fatalf("%d carrier emails", len(got))
		}
		letter := files(t, got[0])["loa-"+itoa(p.ID)+"-1.pdf"]
		var shown bytes.Buffer
		if err := env.PortIns.WriteLetter(ctx, staff, p.ID, "", &shown); err != nil || !bytes.Equal(letter, shown.Bytes()) {
			t.Fatalf("the carrier's letter is not the one frozen when it was signed again (%d bytes): %v", len(letter), err)
		}
		text := desktest.PDFText(t, letter)
		for _, w := range []string{"+44 113 496 0801", "+44 113 496 0802", "Signed electronically by /s/ Jane Smith, Director", "Signature certificate", "The hashes match"} {
			if !strings.Contains(text, w) {
				t.Errorf("the carrier's letter does not say %q", w)
			}
		}

		// Sent again, but a supplemental order came before the job: the package waits for the
		// new signature rather than go with a letter that no longer says what was signed.
		p, _ = env.Store.PortIn(ctx, p.ID)
		if _, err := env.Team.SendToCarrier(ctx, staff, p.ID, p.Version, carrier.ID); err != nil {
			t.Fatal(err)
		}
		again := env.LastEvent(t, p.ID, domain.EventSentToCarrier)
		p, _ = env.Store.PortIn(ctx, p.ID)
		add(p, "0113 496 0803")
		err = env.Team.SendOrderPackage(ctx, domain.SendToCarrierArgs{EventID: again.ID, CarrierID: carrier.ID})
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != domain.ErrIncomplete || len(srv.Messages()) != 1 {
			t.Fatalf("a package with a letter changed after signing: %v (%d emails)", err, len(srv.Messages()))
		}
	})
}
