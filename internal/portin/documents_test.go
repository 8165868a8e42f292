package portin_test

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

func TestDocumentsAndSignatures(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		other := env.NewCustomer(t, "Other", 0, domain.CountryGB)
		changes := desktest.Complete()
		changes.Numbers = []portin.NumberInput{{Number: "0113 496 0001"}, {Number: "0800 123 4567"}}
		p, err := env.PortIns.Create(ctx, c.Actor, changes)
		if err != nil {
			t.Fatal(err)
		}
		bill := desktest.BillPDF("Acme bill")

		// Uploads are checked by content.
		if _, err := env.PortIns.UploadDocument(ctx, c.Actor, p.ID, domain.DocBill, "bill.pdf", strings.NewReader("<html>not a bill</html>")); !domain.IsCode(err, domain.ErrUnsupportedContent) {
			t.Fatalf("html upload: %v", err)
		}
		if _, err := env.PortIns.UploadDocument(ctx, c.Actor, p.ID, "passport", "x.pdf", bytes.NewReader(bill)); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("unknown kind: %v", err)
		}
		if _, err := env.PortIns.UploadDocument(ctx, other.Actor, p.ID, domain.DocBill, "x.pdf", bytes.NewReader(bill)); !domain.IsCode(err, domain.ErrNotFound) {
			t.Fatalf("another account uploads: %v", err)
		}
		d, err := env.PortIns.UploadDocument(ctx, c.Actor, p.ID, domain.DocBill, "bill.pdf", bytes.NewReader(bill))
		if err != nil {
			t.Fatal(err)
		}
		if d.ContentType != "application/pdf" || d.Size != int64(len(bill)) || len(d.SHA256) != 64 || d.UploadedBy != c.Admin.ID {
			t.Fatalf("document: %+v", d)
		}
		got, rc, err := env.PortIns.OpenDocument(ctx, c.Actor, p.ID, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		back, _ := io.ReadAll(rc)
		rc.Close()
		if got.ID != d.ID || !bytes.Equal(back, bill) {
			t.Fatal("download differs from upload")
		}
		if _, _, err := env.PortIns.OpenDocument(ctx, other.Actor, p.ID, d.ID); !domain.IsCode(err, domain.ErrNotFound) {
			t.Fatalf("another account downloads: %v", err)
		}

		// Two orders (BT geographic and BT freephone): two letters; signing needs "I agree".
		pw, err := env.PortIns.Paperwork(ctx, c.Actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(pw.Letters) != 2 || !pw.CanSign || !pw.Bill || pw.Signed() {
			t.Fatalf("paperwork: %+v", pw)
		}
		sign := portin.SignInput{Name: "Jane Smith", Title: "Director", Email: "Jane@Acme.example", IP: "192.0.2.7", UserAgent: "Mozilla/5.0 test"}
		if _, err := env.PortIns.SignLOA(ctx, c.Actor, p.ID, sign); !slices.Contains(fieldsOf(err), "agree") {
			t.Fatalf("sign without agreeing: %v", err)
		}
		sign.Agree = true
		sigs, err := env.PortIns.SignLOA(ctx, c.Actor, p.ID, sign)
		if err != nil {
			t.Fatal(err)
		}
		if len(sigs) != 2 || sigs[0].SignerEmail != "jane@acme.example" || sigs[0].IP != "192.0.2.7" || sigs[0].UserID != c.Admin.ID || len(sigs[0].ContentSHA256) != 64 {
			t.Fatalf("signatures: %+v", sigs)
		}
		pw, _ = env.PortIns.Paperwork(ctx, c.Actor, p.ID)
		if !pw.Signed() || len(pw.Missing) != 0 {
			t.Fatalf("after signing: %+v", pw.Missing)
		}

		// Change what the letters show: the signatures no longer count.
		name := "Acme Widgets Limited"
		view, _ := env.PortIns.Get(ctx, c.Actor, p.ID)
		if _, err := env.PortIns.Update(ctx, c.Actor, p.ID, view.Version, portin.Changes{CustomerName: &name}); err != nil {
			t.Fatal(err)
		}
		pw, _ = env.PortIns.Paperwork(ctx, c.Actor, p.ID)
		if pw.Signed() || len(pw.Missing) != 2 || !strings.Contains(pw.Missing[0].Message, "again") || pw.Letters[0].Outdated == nil {
			t.Fatalf("after a change: %+v", pw.Missing)
		}
		view, _ = env.PortIns.Get(ctx, c.Actor, p.ID)
		if _, err := env.PortIns.Submit(ctx, c.Actor, p.ID, view.Version); !slices.Contains(fieldsOf(err), "loa_signature") {
			t.Fatalf("submit with outdated signatures: %v", err)
		}
		// A letter signed on letterhead and uploaded stands for the e-signatures.
		if _, err := env.PortIns.UploadDocument(ctx, c.Actor, p.ID, domain.DocSignedLOA, "loa.pdf", bytes.NewReader(desktest.BillPDF("signed LOA"))); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := env.PortIns.WriteLetter(ctx, c.Actor, p.ID, "", &out); !slices.Contains(fieldsOf(err), "order") {
			t.Fatalf("letter without naming one of two orders: %v", err)
		}
		if err := env.PortIns.WriteLetter(ctx, c.Actor, p.ID, pw.Letters[0].Order.Key, &out); err != nil || !bytes.HasPrefix(out.Bytes(), []byte("%PDF")) {
			t.Fatalf("letter: %v", err)
		}
		if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, view.Version); err != nil {
			t.Fatal(err)
		}
		// Once submitted, documents stay: removing one is refused.
		if err := env.PortIns.DeleteDocument(ctx, c.Actor, p.ID, d.ID); !domain.IsCode(err, domain.ErrIllegalTransition) {
			t.Fatalf("delete after submit: %v", err)
		}
	})
}
