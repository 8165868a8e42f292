package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// A signature request is found by its token's hash, gets a new hash while open, and is used
// or revoked once: the second use or revocation loses.
func testSignatureRequests(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "A", 0)
	p, q := portIn(t, s, acc.ID), portIn(t, s, acc.ID)
	r := domain.SignatureRequest{PortInID: p.ID, OrderKey: "GB|uk_geographic|bt", ContentSHA256: "cafe", Email: "ann@x.example", Name: "Ann",
		CreatedBy: 3, CreatedAt: t0, ExpiresAt: t0.Add(7 * 24 * time.Hour)}
	other := r
	other.PortInID = q.ID
	step(t, "round trip, no token yet", func(t *testing.T) {
		must(t, s.CreateSignatureRequest(ctx, &r))
		must(t, s.CreateSignatureRequest(ctx, &other))
		got, err := s.SignatureRequest(ctx, r.ID)
		must(t, err)
		if !reflect.DeepEqual(got, r) || got.Status(t0) != domain.SignatureWaiting || got.Status(r.ExpiresAt) != domain.SignatureExpired {
			t.Fatalf("signature request:\n got %+v\nwant %+v", got, r)
		}
		wantCode(t, func() error { _, err := s.SignatureRequest(ctx, other.ID+100); return err }(), domain.ErrNotFound)
	})
	step(t, "by the token's hash, the last one set", func(t *testing.T) {
		must(t, s.SetSignatureRequestToken(ctx, r.ID, []byte("first")))
		must(t, s.SetSignatureRequestToken(ctx, r.ID, []byte("second")))
		wantCode(t, func() error { _, err := s.SignatureRequestByHash(ctx, []byte("first")); return err }(), domain.ErrNotFound)
		got, err := s.SignatureRequestByHash(ctx, []byte("second"))
		must(t, err)
		if got.ID != r.ID || string(got.TokenHash) != "second" {
			t.Fatalf("by hash: %+v", got)
		}
	})
	step(t, "used once, with its signature", func(t *testing.T) {
		g := domain.LOASignature{PortInID: p.ID, OrderKey: r.OrderKey, ContentSHA256: "cafe", SignerName: "Ann", SignerTitle: "Director",
			SignerEmail: "ann@x.example", IP: "192.0.2.7", UserAgent: "test", SignedAt: t0.Add(time.Hour), SignatureRequestID: r.ID}
		must(t, s.AddLOASignature(ctx, &g))
		must(t, s.UseSignatureRequest(ctx, r.ID, g.ID, t0.Add(time.Hour)))
		wantCode(t, s.UseSignatureRequest(ctx, r.ID, g.ID, t0.Add(time.Hour)), domain.ErrConflict)
		wantCode(t, s.RevokeSignatureRequest(ctx, r.ID, t0.Add(time.Hour)), domain.ErrConflict)
		wantCode(t, s.SetSignatureRequestToken(ctx, r.ID, []byte("third")), domain.ErrNotFound)
		got, err := s.SignatureRequest(ctx, r.ID)
		must(t, err)
		if got.SignatureID != g.ID || got.UsedAt == nil || !got.UsedAt.Equal(t0.Add(time.Hour)) || got.Status(t0.Add(30*24*time.Hour)) != domain.SignatureSigned {
			t.Fatalf("used: %+v", got)
		}
		sigs, err := s.LOASignatures(ctx, []int64{p.ID})
		must(t, err)
		if len(sigs) != 1 || sigs[0].SignatureRequestID != r.ID {
			t.Fatalf("signature through the link: %+v", sigs)
		}
	})
	step(t, "an expired link's token is forgotten, once", func(t *testing.T) {
		late := domain.SignatureRequest{PortInID: q.ID, OrderKey: "GB|uk_geographic|bt", ContentSHA256: "beef", Email: "bo@x.example", Name: "Bo",
			CreatedBy: 3, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
		unsent := late
		must(t, s.CreateSignatureRequest(ctx, &late))
		must(t, s.CreateSignatureRequest(ctx, &unsent))
		must(t, s.SetSignatureRequestToken(ctx, late.ID, []byte("late")))
		got, err := s.ExpireSignatureRequests(ctx, t0.Add(time.Hour-time.Second), 10)
		must(t, err)
		if len(got) != 0 {
			t.Fatalf("expired before its time: %+v", got)
		}
		got, err = s.ExpireSignatureRequests(ctx, t0.Add(time.Hour), 10)
		must(t, err)
		if len(got) != 1 || got[0].ID != late.ID || got[0].TokenHash != nil || got[0].Email != "bo@x.example" {
			t.Fatalf("expired: %+v", got)
		}
		wantCode(t, func() error { _, err := s.SignatureRequestByHash(ctx, []byte("late")); return err }(), domain.ErrNotFound)
		if again, err := s.ExpireSignatureRequests(ctx, t0.Add(48*time.Hour), 10); err != nil || len(again) != 0 {
			t.Fatalf("expired twice: %+v %v", again, err)
		}
	})
	step(t, "revoked once, then never used", func(t *testing.T) {
		must(t, s.RevokeSignatureRequest(ctx, other.ID, t0))
		wantCode(t, s.RevokeSignatureRequest(ctx, other.ID, t0), domain.ErrConflict)
		wantCode(t, s.UseSignatureRequest(ctx, other.ID, 1, t0), domain.ErrConflict)
		if got, _ := s.SignatureRequest(ctx, other.ID); got.Status(t0) != domain.SignatureRevoked {
			t.Fatalf("revoked: %+v", got)
		}
	})
	step(t, "newest first, by request", func(t *testing.T) {
		third := r
		third.ID, third.TokenHash = 0, nil
		must(t, s.CreateSignatureRequest(ctx, &third))
		rs, err := s.SignatureRequests(ctx, []int64{p.ID})
		must(t, err)
		if len(rs) != 2 || rs[0].ID != third.ID || rs[1].ID != r.ID {
			t.Fatalf("requests of %d: %+v", p.ID, rs)
		}
		if rs, err := s.SignatureRequests(ctx, nil); err != nil || rs == nil || len(rs) != 0 {
			t.Fatalf("none asked: %v %v", rs, err)
		}
	})
}
