package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// testPACs: a request's order keeps one PAC, replaced when entered again; a family's PACs
// come newest request first (an order split from a request reads its own before its
// parent's); the database itself refuses a code that is not three capitals and six digits.
func testPACs(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "A", 0)
	parent, child := portIn(t, s, acc.ID), portIn(t, s, acc.ID)
	expires := time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)
	first := domain.PAC{PortInID: parent.ID, OrderKey: "GB|uk_mobile_pac", Code: "ABC123456", ExpiresOn: expires, EnteredBy: 3, EnteredAt: t0}
	step(t, "set and read back", func(t *testing.T) {
		must(t, s.SetPAC(ctx, first))
		got, err := s.PACs(ctx, []int64{parent.ID})
		must(t, err)
		if len(got) != 1 || !reflect.DeepEqual(got[0], first) {
			t.Fatalf("PACs:\n got %+v\nwant %+v", got, first)
		}
	})
	again := first
	again.Code, again.ExpiresOn, again.EnteredBy, again.EnteredAt = "XYZ654321", expires.AddDate(0, 0, 3), 4, t0.Add(time.Hour)
	step(t, "entering another replaces it", func(t *testing.T) {
		must(t, s.SetPAC(ctx, again))
		got, err := s.PACs(ctx, []int64{parent.ID})
		must(t, err)
		if len(got) != 1 || !reflect.DeepEqual(got[0], again) {
			t.Fatalf("PACs after replacing:\n got %+v\nwant %+v", got, again)
		}
	})
	own := again
	own.PortInID, own.Code = child.ID, "DEF111222"
	step(t, "the newest request's first", func(t *testing.T) {
		must(t, s.SetPAC(ctx, own))
		got, err := s.PACs(ctx, []int64{parent.ID, child.ID})
		must(t, err)
		if len(got) != 2 || got[0].PortInID != child.ID || got[1].PortInID != parent.ID {
			t.Fatalf("family's PACs: %+v", got)
		}
		if none, err := s.PACs(ctx, nil); err != nil || len(none) != 0 || none == nil {
			t.Fatalf("no requests: %v %#v", err, none)
		}
	})
	step(t, "a malformed code or an unknown request is refused", func(t *testing.T) {
		for _, code := range []string{"abc123456", "AB1234567", "ABC12345", "ABC1234567"} {
			bad := first
			bad.Code = code
			if err := s.SetPAC(ctx, bad); err == nil {
				t.Errorf("code %q stored", code)
			}
		}
		stray := first
		stray.PortInID = child.ID + 1000
		wantCode(t, s.SetPAC(ctx, stray), domain.ErrNotFound)
	})
	step(t, "delete, and deleted with its request", func(t *testing.T) {
		must(t, s.DeletePAC(ctx, parent.ID, "GB|uk_mobile_pac"))
		must(t, s.DeletePAC(ctx, parent.ID, "GB|uk_mobile_pac"))
		must(t, s.DeletePortIn(ctx, child.ID))
		got, err := s.PACs(ctx, []int64{parent.ID, child.ID})
		must(t, err)
		if len(got) != 0 {
			t.Fatalf("PACs left: %+v", got)
		}
	})
}
