package upstream_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/portdesk/portdesk/internal/carriers/telnyx/telnyxtest"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/documents"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/team"
)

// An order that carries several letters (the one signed here and one signed on letterhead)
// sends Telnyx one LOA, every page of each: its page count is their sum.
func TestCarrierLettersInOneLOA(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		fake := telnyxtest.New(t, env.Clock.Now)
		admin, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		carrier := env.NewAPICarrier(t, admin, team.CarrierInput{Name: "Telnyx", Email: "porting@telnyx.example",
			Kind: domain.CarrierTelnyx, APIURL: fake.APIURL(), WebhookKey: fake.PublicKey}, fake.Key)
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		p := env.Submitted(t, c.Actor, "0113 496 0000")
		letterhead := desktest.BillPDF("Acme Widgets Ltd - letter of authorisation on letterhead")
		if _, err := env.PortIns.UploadDocument(ctx, c.Actor, p.ID, domain.DocSignedLOA, "loa-letterhead.pdf", bytes.NewReader(letterhead)); err != nil {
			t.Fatal(err)
		}
		pw, err := env.PortIns.Paperwork(ctx, desk.System(), p.ID)
		if err != nil || len(pw.Letters) != 1 {
			t.Fatalf("paperwork: %+v %v", pw.Letters, err)
		}
		var signed bytes.Buffer
		if err := env.PortIns.WriteLetter(ctx, desk.System(), p.ID, pw.Letters[0].Order.Key, &signed); err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, d := range [][]byte{signed.Bytes(), letterhead} {
			n, err := documents.PageCount(d)
			if err != nil {
				t.Fatal(err)
			}
			want += n
		}
		p, _ = env.Store.PortIn(ctx, p.ID)
		if _, err = env.Team.SendToCarrier(ctx, admin, p.ID, p.Version, carrier.ID); err != nil {
			t.Fatal(err)
		}
		env.RunCarrierJobs(t)
		orders := fake.Orders()
		if len(orders) != 1 || orders[0].Status != "in-process" || fake.Documents != 2 || len(fake.Problems) > 0 {
			t.Fatalf("at the carrier: %+v, %d documents uploaded, problems %v", orders, fake.Documents, fake.Problems)
		}
		got, err := documents.PageCount(fake.Document(orders[0].LOA))
		if err != nil || got != want || want < 2 {
			t.Fatalf("the LOA has %d pages, want %d (%v)", got, want, err)
		}
	})
}
