package storetest

import (
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

// testPapersCounted: a request's count of papers (domain.PortIn.Papers) follows each
// document, LOA signature and sent letter added to it or removed, and no other request's;
// writing the request leaves it as the store counted it; a request with papers is deleted
// with them.
func testPapersCounted(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "Papers Co", 0)
	p, q := portIn(t, s, acc.ID), portIn(t, s, acc.ID)
	counts := func(name string, wantP, wantQ int) {
		t.Helper()
		for _, c := range []struct {
			id   int64
			want int
		}{{p.ID, wantP}, {q.ID, wantQ}} {
			got, err := s.PortIn(ctx, c.id)
			must(t, err)
			if got.Papers != c.want {
				t.Fatalf("%s: request %d counts %d papers, want %d", name, c.id, got.Papers, c.want)
			}
		}
	}
	counts("none yet", 0, 0)
	d := domain.Document{PortInID: p.ID, Kind: domain.DocBill, Name: "bill.pdf", ContentType: "application/pdf", Size: 1234,
		SHA256: "ab", Pages: 2, StorageKey: "port-ins/1/ab", UploadedBy: 7, UploaderName: "Ann", UploadedAt: t0}
	must(t, s.AddDocument(ctx, &d))
	counts("a document", 1, 0)
	g := domain.LOASignature{PortInID: p.ID, OrderKey: "GB|uk_geographic|bt", ContentSHA256: "cafe", SignerName: "Ann", SignerTitle: "Director",
		SignerEmail: "a@x.example", UserID: 3, IP: "127.0.0.1", UserAgent: "test", SignedAt: t0}
	must(t, s.AddLOASignature(ctx, &g))
	counts("a signature", 2, 0)
	f := domain.FrozenLetter{PortInID: p.ID, OrderKey: g.OrderKey, LOAType: domain.LOAUKGeographic, Provider: "BT",
		Letter: []byte(`{"a":1}`), ContentSHA256: "cafe", SignatureID: g.ID, SHA256: strings.Repeat("ab", 32), Size: 10,
		StorageKey: "port-ins/1/letters/abab", FrozenAt: t0}
	must(t, s.AddFrozenLetter(ctx, &f))
	counts("a letter sent", 3, 0)
	e := d
	e.ID, e.PortInID = 0, q.ID
	must(t, s.AddDocument(ctx, &e))
	counts("another request's document", 3, 1)

	// p as read before its papers, written back: the count is the store's, not the writer's.
	p.CustomerName = "Rewritten Ltd"
	must(t, s.UpdatePortIn(ctx, &p))
	counts("the request written with an old count", 3, 1)
	must(t, s.DeleteDocument(ctx, d.ID))
	counts("a document removed", 2, 1)
	must(t, s.DeletePortIn(ctx, p.ID))
	if got, err := s.Documents(ctx, []int64{q.ID}); err != nil || len(got) != 1 {
		t.Fatalf("after another request was deleted: %v %v", got, err)
	}
	counts2, err := s.PortIn(ctx, q.ID)
	must(t, err)
	if counts2.Papers != 1 {
		t.Fatalf("after another request was deleted with its papers: %d", counts2.Papers)
	}
}
