package storetest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

// A frozen letter keeps exactly what was signed and sent: its JSON as written (another
// order of keys would be another letter), its e-signature or the upload that stands for
// it, or neither.
func testFrozenLetters(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "A", 0)
	p, q := portIn(t, s, acc.ID), portIn(t, s, acc.ID)
	g := domain.LOASignature{PortInID: p.ID, OrderKey: "GB|uk_geographic|bt", ContentSHA256: "cafe", SignerName: "Ann", SignerTitle: "Director",
		SignerEmail: "a@x.example", UserID: 3, IP: "127.0.0.1", UserAgent: "test", SignedAt: t0}
	must(t, s.AddLOASignature(ctx, &g))
	signed := domain.FrozenLetter{PortInID: p.ID, OrderKey: g.OrderKey, LOAType: domain.LOAUKGeographic, Provider: "BT",
		Letter: []byte(`{"z":1,"a":"Ünïcode \u2028 line"}`), ContentSHA256: "cafe", SignatureID: g.ID, SHA256: strings.Repeat("ab", 32), Size: 4321,
		StorageKey: "port-ins/1/letters/abab", FrozenAt: t0}
	var paper, unsigned domain.FrozenLetter
	step(t, "round trip", func(t *testing.T) {
		must(t, s.AddFrozenLetter(ctx, &signed))
		got, err := s.FrozenLetter(ctx, signed.ID)
		must(t, err)
		if !reflect.DeepEqual(got, signed) || !got.Signed() {
			t.Fatalf("frozen letter:\n got %+v\nwant %+v", got, signed)
		}
		wantCode(t, func() error { _, err := s.FrozenLetter(ctx, signed.ID+100); return err }(), domain.ErrNotFound)
	})
	step(t, "signed on paper, or not at all", func(t *testing.T) {
		paper = signed
		paper.ID, paper.SignatureID, paper.DocumentID, paper.ContentSHA256 = 0, 0, 77, "beef"
		must(t, s.AddFrozenLetter(ctx, &paper))
		unsigned = signed
		unsigned.ID, unsigned.PortInID, unsigned.SignatureID = 0, q.ID, 0
		must(t, s.AddFrozenLetter(ctx, &unsigned))
		got, err := s.FrozenLetter(ctx, paper.ID)
		must(t, err)
		if got.SignatureID != 0 || got.DocumentID != 77 || !got.Signed() {
			t.Fatalf("signed on paper: %+v", got)
		}
		if got, _ := s.FrozenLetter(ctx, unsigned.ID); got.SignatureID != 0 || got.DocumentID != 0 || got.Signed() {
			t.Fatalf("not signed: %+v", got)
		}
	})
	step(t, "newest first, by request", func(t *testing.T) {
		fs, err := s.FrozenLetters(ctx, []int64{p.ID})
		must(t, err)
		if len(fs) != 2 || fs[0].ID != paper.ID || fs[1].ID != signed.ID {
			t.Fatalf("frozen letters of %d: %+v", p.ID, fs)
		}
		if fs, _ := s.FrozenLetters(ctx, []int64{p.ID, q.ID}); len(fs) != 3 || fs[0].ID != unsigned.ID {
			t.Fatalf("frozen letters of both: %+v", fs)
		}
		if fs, err := s.FrozenLetters(ctx, nil); err != nil || fs == nil || len(fs) != 0 {
			t.Fatalf("none asked: %v %v", fs, err)
		}
	})
	step(t, "a signature that does not exist", func(t *testing.T) {
		bad := signed
		bad.ID, bad.SignatureID = 0, g.ID+1000
		if err := s.AddFrozenLetter(ctx, &bad); err == nil {
			t.Fatal("a letter frozen with a signature nobody made")
		}
	})
	step(t, "a deleted draft takes its own", func(t *testing.T) {
		must(t, s.DeletePortIn(ctx, q.ID))
		wantCode(t, func() error { _, err := s.FrozenLetter(ctx, unsigned.ID); return err }(), domain.ErrNotFound)
		if fs, _ := s.FrozenLetters(ctx, []int64{p.ID}); len(fs) != 2 {
			t.Fatalf("another request's letters went too: %+v", fs)
		}
	})
}
