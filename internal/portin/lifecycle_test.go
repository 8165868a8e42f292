package portin_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/team"
)

func TestLifecycle(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)

		p, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != domain.StatusDraft || p.Version != 1 {
			t.Fatalf("new request: %+v", p)
		}
		// An empty submit names everything missing at once (what the orders require comes
		// with the numbers that make them).
		_, err = env.PortIns.Submit(ctx, c.Actor, p.ID, p.Version)
		if !domain.IsCode(err, domain.ErrIncomplete) {
			t.Fatalf("empty submit: %v", err)
		}
		got := fieldsOf(err)
		for _, f := range []string{"losing_provider", "customer_name", "billing_address.postcode", "numbers", "accept.carrier_fees"} {
			if !slices.Contains(got, f) {
				t.Errorf("missing list %v lacks %s", got, f)
			}
		}
		p, err = env.PortIns.Update(ctx, c.Actor, p.ID, p.Version, desktest.Complete())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.PortIns.Update(ctx, c.Actor, p.ID, p.Version-1, portin.Changes{}); !domain.IsCode(err, domain.ErrStale) {
			t.Fatalf("stale update: %v", err)
		}
		res, err := env.PortIns.AddNumbers(ctx, c.Actor, p.ID, p.Version, portin.RowList(portin.Rows([]portin.NumberInput{
			{Number: "0113 496 0001"}, {Number: "not a number"}, {Number: "+44 113 496 0002", ReceivingNumber: "0161 496 0000"},
		})), false)
		if err != nil {
			t.Fatal(err)
		}
		if res.Added != 2 || res.Rejected != 1 || res.Rows[1].Code != domain.RowInvalidNumber {
			t.Fatalf("rows: %+v", res)
		}
		p.Version = res.Version
		// Paperwork missing: the letter unsigned, no bill.
		_, err = env.PortIns.Submit(ctx, c.Actor, p.ID, p.Version)
		if got := fieldsOf(err); !slices.Contains(got, "loa_signature") || !slices.Contains(got, "documents.bill") {
			t.Fatalf("submit without paperwork: %v", err)
		}
		env.Paperwork(t, c.Actor, p.ID)
		// UK numbers need the losing provider's address: Complete() gave it; submit now passes.
		p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, p.Version)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != domain.StatusSubmitted || p.SubmittedAt == nil {
			t.Fatalf("after submit: %s", p.Status)
		}
		// The customer cannot edit or drive the carrier steps.
		if _, err := env.PortIns.Update(ctx, c.Actor, p.ID, p.Version, portin.Changes{}); !domain.IsCode(err, domain.ErrIllegalTransition) {
			t.Fatalf("edit submitted: %v", err)
		}
		if _, err := env.PortIns.Transition(ctx, c.Actor, p.ID, p.Version, domain.StatusInProgress, ""); !domain.IsCode(err, domain.ErrForbidden) {
			t.Fatalf("customer in_progress: %v", err)
		}
		steps := []struct {
			to     domain.Status
			reason string
			who    domain.Actor
		}{
			{domain.StatusInProgress, "", staff},
			{domain.StatusActionRequired, "The name must read exactly as on the bill", staff},
			{domain.StatusSubmitted, "", c.Actor},
			{domain.StatusInProgress, "", staff},
			{domain.StatusScheduled, "", staff},
			{domain.StatusCompleted, "", staff},
		}
		for _, st := range steps {
			if st.to == domain.StatusScheduled {
				p, err = env.Team.Schedule(ctx, st.who, p.ID, p.Version, env.FOC("GB", 3), true)
			} else {
				p, err = env.PortIns.Transition(ctx, st.who, p.ID, p.Version, st.to, st.reason)
			}
			if err != nil {
				t.Fatalf("→ %s: %v", st.to, err)
			}
		}
		view, err := env.PortIns.Get(ctx, c.Actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range view.Numbers {
			if n.Status != domain.NumberPorted {
				t.Errorf("%s is %s", n.Number, n.Status)
			}
		}
		inv, err := env.Team.InventoryNumbers(ctx, c.Actor, 0, 0, 0, nil, "")
		if err != nil || len(inv) != 2 {
			t.Fatalf("inventory after completion: %v %v", inv, err)
		}
		events, err := env.PortIns.Events(ctx, c.Actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var changes int
		for _, e := range events {
			if e.Type == domain.EventStatusChanged {
				changes++
				if e.ActorName == "" || e.From == "" || e.To == "" {
					t.Errorf("event lacks who/from/to: %+v", e)
				}
			}
		}
		if changes != 7 {
			t.Errorf("status events = %d, want 7", changes)
		}
		// The completed numbers are free again for no one: they are active now.
		q, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{})
		if err != nil {
			t.Fatal(err)
		}
		res, err = env.PortIns.AddNumbers(ctx, c.Actor, q.ID, q.Version, portin.RowList(portin.Rows([]portin.NumberInput{{Number: "01134960001"}})), true)
		if err != nil || res.Rows[0].Code != domain.RowNumberAlreadyActive {
			t.Fatalf("ported number again: %+v %v", res, err)
		}
	})
}

func TestNumberRows(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		a := env.NewCustomer(t, "Alpha", 0, domain.CountryGB)
		b := env.NewCustomer(t, "Beta", 0, domain.CountryUS)
		staff, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		if _, err := env.Team.AddInventoryNumber(ctx, staff, team.InventoryInput{AccountID: a.Account.ID, Number: "+441134960900", ReceivingNumber: "+441134960500"}); err != nil {
			t.Fatal(err)
		}
		held, err := env.PortIns.Create(ctx, b.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "+441134960700"}}})
		if err != nil {
			t.Fatal(err)
		}
		p, err := env.PortIns.Create(ctx, a.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0100"}}})
		if err != nil {
			t.Fatal(err)
		}
		rows := []domain.NumberRow{
			{Line: 1, Number: "0113 496 0200"},
			{Line: 2, Number: "0113 496 0200"},
			{Line: 3, Number: "0113 496 0100"},
			{Line: 4, Number: "+44 113 496 0700"},
			{Line: 5, Number: "0113 496 0900"},
			{Line: 6, Number: "0113 496 0500"},
			{Line: 7, Number: "12"},
			{Line: 8, Number: "0113 496 0300", AccountName: "Someone Else"},
			{Line: 9, Number: "0113 496 0301", AccountName: "alpha"},
		}
		want := []string{domain.RowOK, domain.RowDuplicateInRequest, domain.RowDuplicateInRequest, domain.RowNumberInOpenPort,
			domain.RowNumberAlreadyActive, domain.WarnActiveReceiving, domain.RowInvalidNumber, domain.RowAccountMismatch, domain.RowOK}
		res, err := env.PortIns.AddNumbers(ctx, a.Actor, p.ID, 0, portin.RowList(rows), true)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res.Rows {
			if r.Code != want[i] {
				t.Errorf("line %d: %s (%s), want %s", r.Line, r.Code, r.Message, want[i])
			}
			if r.Code != domain.RowOK && r.Message == "" {
				t.Errorf("line %d has no message", r.Line)
			}
		}
		if res.Added != 3 || res.Rejected != 6 || res.Warnings != 1 {
			t.Errorf("counts %+v", res)
		}
		// A dry run changes nothing; a commit without the version is refused.
		if _, err := env.PortIns.AddNumbers(ctx, a.Actor, p.ID, 0, portin.RowList(rows), false); !domain.IsCode(err, domain.ErrVersionRequired) {
			t.Fatalf("commit without version: %v", err)
		}
		res, err = env.PortIns.AddNumbers(ctx, a.Actor, p.ID, p.Version, portin.RowList(rows), false)
		if err != nil || res.Added != 3 {
			t.Fatalf("commit: %+v %v", res, err)
		}
		// Cancelling releases the other account's number.
		if _, err := env.PortIns.Cancel(ctx, b.Actor, held.ID, held.Version, "changed our mind"); err != nil {
			t.Fatal(err)
		}
		res, err = env.PortIns.AddNumbers(ctx, a.Actor, p.ID, 0, portin.RowList(rows[3:4]), true)
		if err != nil || res.Rows[0].Code != domain.RowOK {
			t.Fatalf("after cancel: %+v %v", res, err)
		}
	})
}

func TestPINSealedAndScoped(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		parent := env.NewCustomer(t, "Parent", 0, domain.CountryGB)
		child := env.NewCustomer(t, "Child", parent.Account.ID, domain.CountryGB)
		other := env.NewCustomer(t, "Other", 0, domain.CountryGB)
		pin := "98765"
		p, err := env.PortIns.Create(ctx, child.Actor, portin.Changes{PIN: &pin})
		if err != nil {
			t.Fatal(err)
		}
		stored, err := env.Store.PortIn(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !stored.PINSet() || bytes.Contains(stored.PINSealed, []byte(pin)) {
			t.Fatal("PIN must be stored sealed")
		}
		if _, err := env.PortIns.Get(ctx, parent.Actor, p.ID); err != nil {
			t.Fatalf("parent must see child's request: %v", err)
		}
		pp, err := env.PortIns.Create(ctx, parent.Actor, portin.Changes{})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			who domain.Actor
			id  int64
		}{{child.Actor, pp.ID}, {other.Actor, p.ID}} {
			if _, err := env.PortIns.Get(ctx, tc.who, tc.id); !domain.IsCode(err, domain.ErrNotFound) {
				t.Errorf("must be not found, got %v", err)
			}
		}
		// Recipients must be users of the account or above it.
		recips := []string{parent.Admin.Email, other.Admin.Email}
		_, err = env.PortIns.Update(ctx, child.Actor, p.ID, p.Version, portin.Changes{Recipients: &recips})
		if f := fieldsOf(err); len(f) != 1 || f[0] != "recipients[1]" {
			t.Fatalf("recipients: %v", err)
		}
		page, err := env.PortIns.List(ctx, parent.Actor, portin.ListFilter{})
		if err != nil || len(page.Items) != 2 {
			t.Fatalf("parent list: %d %v", len(page.Items), err)
		}
		page, err = env.PortIns.List(ctx, child.Actor, portin.ListFilter{})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("child list: %d %v", len(page.Items), err)
		}
	})
}

func TestStaleDraftDeleted(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Sleepy", 0, domain.CountryGB)
		old, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0400"}}})
		if err != nil {
			t.Fatal(err)
		}
		env.Clock.Advance(20 * 24 * time.Hour)
		fresh, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{})
		if err != nil {
			t.Fatal(err)
		}
		env.Clock.Advance(11 * 24 * time.Hour)
		if ok, err := env.PortIns.DeleteStaleDraft(ctx, fresh.ID); err != nil || ok {
			t.Fatalf("fresh draft deleted: %v %v", ok, err)
		}
		if ok, err := env.PortIns.DeleteStaleDraft(ctx, old.ID); err != nil || !ok {
			t.Fatalf("stale draft kept: %v %v", ok, err)
		}
		if _, err := env.Store.PortIn(ctx, old.ID); !domain.IsCode(err, domain.ErrNotFound) {
			t.Fatalf("still there: %v", err)
		}
		events, err := env.Store.Events(ctx, domain.PortInSubject(old.ID))
		if err != nil || len(events) < 2 || events[len(events)-1].Type != domain.EventDraftDeleted {
			t.Fatalf("events kept: %+v %v", events, err)
		}
		// Its number is free again.
		res, err := env.PortIns.AddNumbers(ctx, c.Actor, fresh.ID, 0, portin.RowList(portin.Rows([]portin.NumberInput{{Number: "0113 496 0400"}})), true)
		if err != nil || res.Rows[0].Code != domain.RowOK {
			t.Fatalf("number after delete: %+v %v", res, err)
		}
	})
}

// A number once released (ported away, say) can be ported in again: completion takes over
// its inventory entry rather than tripping over it.
func TestReleasedNumberPortsBackIn(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		old := env.NewCustomer(t, "Former Owner", 0, domain.CountryGB)
		c := env.NewCustomer(t, "New Owner", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		admin, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		if _, err := env.Team.AddInventoryNumber(ctx, admin, team.InventoryInput{AccountID: old.Account.ID, Number: "+441134960800", Status: domain.InventoryReleased}); err != nil {
			t.Fatal(err)
		}
		changes := desktest.Complete()
		changes.Numbers = []portin.NumberInput{{Number: "0113 496 0800", ReceivingNumber: "0161 496 0000"}}
		p, err := env.PortIns.Create(ctx, c.Actor, changes)
		if err != nil {
			t.Fatal(err)
		}
		env.Paperwork(t, c.Actor, p.ID)
		if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, p.Version); err != nil {
			t.Fatal(err)
		}
		for _, to := range []domain.Status{domain.StatusInProgress, domain.StatusScheduled, domain.StatusCompleted} {
			if to == domain.StatusScheduled {
				p, err = env.Team.Schedule(ctx, staff, p.ID, p.Version, env.FOC("GB", 3), true)
			} else {
				p, err = env.PortIns.Transition(ctx, staff, p.ID, p.Version, to, "")
			}
			if err != nil {
				t.Fatalf("→ %s: %v", to, err)
			}
		}
		inv, err := env.Store.InventoryByNumbers(ctx, []string{"+441134960800"})
		if err != nil {
			t.Fatal(err)
		}
		n := inv["+441134960800"]
		if n.AccountID != c.Account.ID || n.Status != domain.InventoryActive || n.ReceivingNumber != "+441614960000" {
			t.Fatalf("inventory after completion: %+v", n)
		}
	})
}
