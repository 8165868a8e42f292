package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// testCarrierNumberFacts: a carrier's answers read back by number, one per number (a new
// answer replaces the old, a failed ask included); numbers never asked are absent.
func testCarrierNumberFacts(t *testing.T, s domain.Store, _ Engine) {
	a := domain.CarrierNumberFacts{Number: "+13035550100", CarrierID: 7, CarrierName: "Telnyx", LosingCarrier: "Lumen/1",
		LosingCarrierType: "fixed line", Portable: true, FastPortable: true, AskedAt: t0}
	b := domain.CarrierNumberFacts{Number: "+13035550101", CarrierID: 7, CarrierName: "Telnyx", Portable: false,
		NotPortableReason: "No coverage", AskedAt: t0}
	step(t, "answers read back by number", func(t *testing.T) {
		must(t, s.PutCarrierNumberFacts(ctx, []domain.CarrierNumberFacts{a, b}))
		got, err := s.CarrierNumberFacts(ctx, []string{a.Number, b.Number, "+13035550199"})
		must(t, err)
		want := map[string]domain.CarrierNumberFacts{a.Number: a, b.Number: b}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("facts:\n got %+v\nwant %+v", got, want)
		}
	})
	step(t, "a new answer replaces the old", func(t *testing.T) {
		failed := domain.CarrierNumberFacts{Number: a.Number, CarrierID: 7, CarrierName: "Telnyx", Error: "Telnyx failed (500)", AskedAt: t0.Add(25 * time.Hour)}
		must(t, s.PutCarrierNumberFacts(ctx, []domain.CarrierNumberFacts{failed}))
		got, err := s.CarrierNumberFacts(ctx, []string{a.Number})
		must(t, err)
		if !reflect.DeepEqual(got[a.Number], failed) || got[a.Number].Fresh(t0.Add(25*time.Hour)) {
			t.Fatalf("replaced: %+v", got)
		}
		if !a.Fresh(t0.Add(23*time.Hour)) || a.Fresh(t0.Add(25*time.Hour)) {
			t.Fatal("an answer is kept a day")
		}
	})
}
