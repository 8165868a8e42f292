package portin_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// The browser's User-Agent and the forwarded address are stored with a signature and printed
// on the letter's certificate, but nobody typed them: what the text rule refuses is dropped
// from them, so the signature is kept and the letter can still be written.
func TestSignatureHeadersAreCleaned(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		p, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0001"}}})
		if err != nil {
			t.Fatal(err)
		}
		if p, err = env.PortIns.Update(ctx, c.Actor, p.ID, p.Version, desktest.Complete()); err != nil {
			t.Fatal(err)
		}
		sigs, err := env.PortIns.SignLOA(ctx, c.Actor, p.ID, portin.SignInput{Name: "Jane Smith", Title: "Director", Email: "jane@acme.example",
			Agree: true, IP: "192.0.2.7\x00", UserAgent: "Mozilla/5.0 \u2066(evil)\u2069\x1b[2J\x00 Chrome"})
		if err != nil {
			t.Fatal(err)
		}
		if sigs[0].UserAgent != "Mozilla/5.0 (evil)[2J Chrome" || sigs[0].IP != "192.0.2.7" {
			t.Fatalf("stored %q from %q", sigs[0].UserAgent, sigs[0].IP)
		}
		pw, err := env.PortIns.Paperwork(ctx, c.Actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := env.PortIns.WriteLetter(ctx, c.Actor, p.ID, pw.Letters[0].Order.Key, &b); err != nil {
			t.Fatalf("the signed letter: %v", err)
		}
	})
}
