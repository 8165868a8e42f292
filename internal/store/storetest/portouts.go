package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// Port-outs round-trip with their numbers, checks and rejections; one open port-out holds a
// number at a time; their events are theirs, not a port-in's; protection, number locks and
// the inventory's porting_out and release behave on both engines.
func testPortOuts(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "Leaving Ltd", 0)
	other := account(t, s, "Staying Ltd", 0)
	desired := time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC)
	auto := t0.Add(72 * time.Hour)
	p := domain.PortOut{AccountID: acc.ID, Status: domain.PortOutPending, Origin: domain.PortOutFromGainingProvider,
		GainingProvider: "Gamma", GainingReference: "GAM-1", GainingEmail: "porting@gamma.example", EndUserName: "Leaving Ltd", Postcode: "LS1 4AP", PINOutcome: domain.PINWrong,
		DesiredDate: &desired, AutoAuthorizeAt: &auto, CreatedBy: 3, CreatedAt: t0, UpdatedAt: t0,
		Checks: []domain.PortOutCheck{{Check: domain.CheckPIN, Code: domain.RejectPIN, Detail: "wrong"}, {Check: domain.CheckName, Passed: true, Detail: "matches"}},
		Numbers: []domain.PortOutNumber{
			{Number: "+441134960001", Country: domain.CountryGB, Status: domain.PortOutNumberPending, Held: true},
			{Number: "+441134960002", Country: domain.CountryGB, Status: domain.PortOutNumberPending, Outcome: domain.RejectNumberInactive, Detail: "not on the account"},
		}}
	must(t, s.CreatePortOut(ctx, &p))

	step(t, "CreateRoundTrips", func(t *testing.T) {
		if p.ID == 0 || p.Version != 1 || p.Numbers[0].PortOutID != p.ID {
			t.Fatalf("created %+v", p)
		}
		got, err := s.PortOut(ctx, p.ID)
		must(t, err)
		if !reflect.DeepEqual(got, p) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, p)
		}
		if got.FailedCodes()[0] != domain.RejectPIN {
			t.Fatalf("failed codes %v", got.FailedCodes())
		}
	})

	step(t, "WrongPINsCountByAccountFromAMoment", func(t *testing.T) {
		if n, err := s.WrongPINs(ctx, acc.ID, t0); err != nil || n != 1 {
			t.Fatalf("wrong PINs from creation: %d %v", n, err)
		}
		if n, _ := s.WrongPINs(ctx, acc.ID, t0.Add(time.Second)); n != 0 {
			t.Fatalf("wrong PINs after creation: %d", n)
		}
		if n, _ := s.WrongPINs(ctx, other.ID, t0); n != 0 {
			t.Fatalf("another account's wrong PINs: %d", n)
		}
	})

	// A second open port-out, naming the first's held number without holding it.
	dup := domain.PortOut{AccountID: acc.ID, Status: domain.PortOutPending, Origin: domain.PortOutAnnounced, CreatedAt: t0, UpdatedAt: t0,
		Numbers: []domain.PortOutNumber{{Number: "+441134960001", Country: domain.CountryGB, Status: domain.PortOutNumberPending, Held: true}}}
	step(t, "OneOpenPortOutHoldsANumber", func(t *testing.T) {
		wantCode(t, s.InTx(ctx, func(tx domain.Tx) error { return tx.CreatePortOut(ctx, &dup) }), domain.ErrConflict)
		dup.ID, dup.Numbers[0].Held = 0, false
		must(t, s.CreatePortOut(ctx, &dup))
		held, err := s.OpenPortOutsHolding(ctx, []string{"+441134960001", "+441134960002"})
		must(t, err)
		if len(held) != 1 || held["+441134960001"] != p.ID {
			t.Fatalf("held %v", held)
		}
	})

	step(t, "UpdateIsVersioned", func(t *testing.T) {
		p.Status, p.Rejections, p.AutoAuthorizeAt, p.UpdatedAt = domain.PortOutRejected, []domain.Rejection{{Code: domain.RejectPIN, Note: "twice"}}, nil, t0.Add(time.Hour)
		must(t, s.UpdatePortOut(ctx, &p))
		stale := p
		stale.Version = 1
		wantCode(t, s.UpdatePortOut(ctx, &stale), domain.ErrStale)
		missing := p
		missing.ID = 99999
		wantCode(t, s.UpdatePortOut(ctx, &missing), domain.ErrNotFound)
	})

	step(t, "NumberStatusSkipsFailedNumbersAndLettingGoFreesThem", func(t *testing.T) {
		must(t, s.SetPortOutNumberStatus(ctx, p.ID, domain.PortOutAuthorized, true))
		got, err := s.PortOut(ctx, p.ID)
		must(t, err)
		if !got.Numbers[0].Held || got.Numbers[0].Status != domain.PortOutNumberAuthorized || got.Numbers[1].Status != domain.PortOutNumberRejected {
			t.Fatalf("a number that failed its check is not authorized with the rest: %+v", got.Numbers)
		}
		must(t, s.SetPortOutNumberStatus(ctx, p.ID, domain.PortOutRejected, false))
		got, err = s.PortOut(ctx, p.ID)
		must(t, err)
		if got.Version != 2 || got.Status != domain.PortOutRejected || got.AutoAuthorizeAt != nil || len(got.Rejections) != 1 ||
			got.Numbers[0].Held || got.Numbers[0].Status != domain.PortOutNumberRejected {
			t.Fatalf("after update %+v", got)
		}
		if held, _ := s.OpenPortOutsHolding(ctx, []string{"+441134960001"}); len(held) != 0 {
			t.Fatalf("still held %v", held)
		}
	})

	step(t, "ListByAccountAndStatusNewestFirst", func(t *testing.T) {
		list, err := s.ListPortOuts(ctx, domain.PortOutFilter{AccountIDs: []int64{acc.ID}, Statuses: []domain.PortOutStatus{domain.PortOutPending}})
		must(t, err)
		if len(list) != 1 || list[0].ID != dup.ID || list[0].AccountName != "Leaving Ltd" || len(list[0].Numbers) != 1 {
			t.Fatalf("list %+v", list)
		}
		if list, _ := s.ListPortOuts(ctx, domain.PortOutFilter{AccountIDs: []int64{other.ID}}); len(list) != 0 {
			t.Fatalf("another account's list %+v", list)
		}
		if list, _ := s.ListPortOuts(ctx, domain.PortOutFilter{BeforeID: dup.ID}); len(list) != 1 || list[0].ID != p.ID {
			t.Fatalf("cursor %+v", list)
		}
	})

	step(t, "ListGivesEachPortOutItsOwnNumbers", func(t *testing.T) {
		list, err := s.ListPortOuts(ctx, domain.PortOutFilter{})
		must(t, err)
		if len(list) != 2 || list[0].ID != dup.ID || len(list[0].Numbers) != 1 || list[1].ID != p.ID || len(list[1].Numbers) != 2 ||
			list[1].Numbers[0].Number != "+441134960001" || list[1].Numbers[1].Number != "+441134960002" || list[1].Numbers[1].PortOutID != p.ID {
			t.Fatalf("numbers of a page %+v", list)
		}
	})

	step(t, "EventsAreThePortOutsNotAPortIns", func(t *testing.T) {
		// A port-out's event has port_in_id 0, and is never on a port-in's timeline.
		e := domain.StoredEvent{Subject: domain.PortOutSubject(p.ID), AccountID: acc.ID, ActorName: "PortDesk", Type: domain.EventPortOutCreated, Detail: "x", At: t0}
		must(t, s.AddEvent(ctx, &e))
		es, err := s.Events(ctx, domain.PortOutSubject(p.ID))
		must(t, err)
		if len(es) != 1 || es[0].Subject != domain.PortOutSubject(p.ID) || es[0].Type != domain.EventPortOutCreated {
			t.Fatalf("events %+v", es)
		}
		one, err := s.Event(ctx, e.ID)
		must(t, err)
		if one.Subject != domain.PortOutSubject(p.ID) {
			t.Fatalf("event by ID %+v", one)
		}
		if es, _ := s.Events(ctx, domain.PortInSubject(0)); len(es) != 0 {
			t.Fatalf("a port-out's event on a port-in timeline: %+v", es)
		}
		pin := portIn(t, s, acc.ID)
		pe := domain.StoredEvent{Subject: domain.PortInSubject(pin.ID), AccountID: acc.ID, ActorName: "x", Type: domain.EventCreated, At: t0}
		must(t, s.AddEvent(ctx, &pe))
		if got, _ := s.Event(ctx, pe.ID); got.Subject != domain.PortInSubject(pin.ID) {
			t.Fatalf("a port-in's event %+v", got)
		}
	})

	step(t, "Documents", func(t *testing.T) {
		d := domain.PortOutDocument{PortOutID: p.ID, Name: "loa.pdf", ContentType: "application/pdf", Size: 10, SHA256: "ab", Pages: 1,
			StorageKey: "port-outs/1/ab", UploadedBy: 3, UploaderName: "Agent", UploadedAt: t0}
		must(t, s.AddPortOutDocument(ctx, &d))
		ds, err := s.PortOutDocuments(ctx, p.ID)
		must(t, err)
		if len(ds) != 1 || ds[0] != d {
			t.Fatalf("documents %+v", ds)
		}
		if got, err := s.PortOutDocument(ctx, d.ID); err != nil || got != d {
			t.Fatalf("document %+v %v", got, err)
		}
	})

	step(t, "ProtectionNoneUntilSetThenSavedInPlace", func(t *testing.T) {
		pr, err := s.PortOutProtection(ctx, acc.ID)
		must(t, err)
		if pr != (domain.PortOutProtection{AccountID: acc.ID}) || pr.PINSet() {
			t.Fatalf("no protection yet: %+v", pr)
		}
		at := t0.Add(time.Minute)
		pr = domain.PortOutProtection{AccountID: acc.ID, PINHash: "$argon2id$x", PINSetAt: &at, RecordName: "Leaving Ltd", RecordPostcode: "LS1 4AP",
			Locked: true, LockedAt: &at, AutoAuthorizeDays: 3, UpdatedAt: at}
		must(t, s.SavePortOutProtection(ctx, &pr))
		pr.Locked, pr.LockedAt = false, nil
		must(t, s.SavePortOutProtection(ctx, &pr))
		if got, err := s.PortOutProtection(ctx, acc.ID); err != nil || !reflect.DeepEqual(got, pr) {
			t.Fatalf("protection\n got %+v\nwant %+v (%v)", got, pr, err)
		}
	})

	// The inventory's moves, active → porting_out → released, on the account's two numbers.
	for _, n := range []string{"+441134960001", "+441134960002"} {
		inv := domain.InventoryNumber{AccountID: acc.ID, Number: n, Status: domain.InventoryActive, ReceivingNumber: "+441134960999",
			TrackingSource: "Google", SMS: domain.SMSActive, CreatedAt: t0, UpdatedAt: t0}
		must(t, s.CreateInventoryNumber(ctx, &inv))
	}
	lock := domain.NumberLock{Number: "+441134960001", AccountID: acc.ID, LockedBy: 3, ActorName: "Admin", LockedAt: t0}

	step(t, "LockingAgainKeepsTheFirstLock", func(t *testing.T) {
		must(t, s.LockNumber(ctx, &lock))
		again := lock
		again.LockedAt = t0.Add(time.Hour)
		must(t, s.LockNumber(ctx, &again))
		locks, err := s.NumberLocks(ctx, []string{"+441134960001", "+441134960002"})
		must(t, err)
		if len(locks) != 1 || locks["+441134960001"] != lock {
			t.Fatalf("locks %+v", locks)
		}
		if al, _ := s.AccountNumberLocks(ctx, acc.ID); len(al) != 1 {
			t.Fatalf("account locks %+v", al)
		}
	})

	step(t, "InventoryMovesToPortingOutForItsOwnAccountOnly", func(t *testing.T) {
		moved, err := s.SetInventoryStatus(ctx, other.ID, []string{"+441134960001"}, domain.InventoryActive, domain.InventoryPortingOut, t0)
		must(t, err)
		if len(moved) != 0 {
			t.Fatalf("another account's numbers moved: %v", moved)
		}
		moved, err = s.SetInventoryStatus(ctx, acc.ID, []string{"+441134960001", "+441134960002"}, domain.InventoryActive, domain.InventoryPortingOut, t0)
		must(t, err)
		if len(moved) != 2 {
			t.Fatalf("moved %v", moved)
		}
	})

	step(t, "ReleaseOnceClearsTheEntryAndItsLock", func(t *testing.T) {
		released, err := s.ReleaseInventoryNumbers(ctx, acc.ID, []string{"+441134960001"}, t0.Add(time.Hour))
		must(t, err)
		if len(released) != 1 {
			t.Fatalf("released %v", released)
		}
		if again, _ := s.ReleaseInventoryNumbers(ctx, acc.ID, []string{"+441134960001"}, t0.Add(2*time.Hour)); len(again) != 0 {
			t.Fatalf("released twice: %v", again)
		}
		inv, err := s.InventoryByNumbers(ctx, []string{"+441134960001", "+441134960002"})
		must(t, err)
		if r := inv["+441134960001"]; r.Status != domain.InventoryReleased || r.ReceivingNumber != "" || r.TrackingSource != "" || r.SMS != domain.SMSUnsupported {
			t.Fatalf("released entry %+v", r)
		}
		if inv["+441134960002"].Status != domain.InventoryPortingOut || inv["+441134960002"].ReceivingNumber == "" {
			t.Fatalf("the other number %+v", inv["+441134960002"])
		}
		// The account's numbers by status: the released one is left out when only the others are asked for.
		still, err := s.InventoryNumbers(ctx, domain.InventoryFilter{AccountIDs: []int64{acc.ID},
			Statuses: []domain.InventoryStatus{domain.InventoryActive, domain.InventoryPortingOut}})
		must(t, err)
		if len(still) != 1 || still[0].Number != "+441134960002" {
			t.Fatalf("numbers not released %+v", still)
		}
		if locks, _ := s.NumberLocks(ctx, []string{"+441134960001"}); len(locks) != 0 {
			t.Fatalf("a released number kept its lock: %+v", locks)
		}
	})

	step(t, "Unlock", func(t *testing.T) {
		must(t, s.LockNumber(ctx, &domain.NumberLock{Number: "+441134960002", AccountID: acc.ID, LockedAt: t0}))
		must(t, s.UnlockNumber(ctx, "+441134960002"))
		if locks, _ := s.NumberLocks(ctx, []string{"+441134960002"}); len(locks) != 0 {
			t.Fatalf("unlocked number still locked: %+v", locks)
		}
	})
}
