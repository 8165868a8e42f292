package desk_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

var ctx = context.Background()

func fieldsOf(err error) []string {
	e, ok := err.(*domain.Error)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestLifecycle(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		svc := env.Svc

		p, err := svc.CreatePortIn(ctx, c.Actor, desk.PortInChanges{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != domain.StatusDraft || p.Version != 1 {
			t.Fatalf("new request: %+v", p)
		}
		// An empty submit names everything missing at once.
		_, err = svc.Submit(ctx, c.Actor, p.ID, p.Version)
		if !domain.IsCode(err, domain.ErrIncomplete) {
			t.Fatalf("empty submit: %v", err)
		}
		got := fieldsOf(err)
		for _, f := range []string{"losing_provider", "customer_name", "billing_address.postcode", "account_number", "btn", "numbers", "accept.carrier_fees"} {
			if !slices.Contains(got, f) {
				t.Errorf("missing list %v lacks %s", got, f)
			}
		}
		p, err = svc.UpdatePortIn(ctx, c.Actor, p.ID, p.Version, desktest.Complete())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.UpdatePortIn(ctx, c.Actor, p.ID, p.Version-1, desk.PortInChanges{}); !domain.IsCode(err, domain.ErrStale) {
			t.Fatalf("stale update: %v", err)
		}
		res, err := svc.AddNumbers(ctx, c.Actor, p.ID, p.Version, desk.RowList(desk.Rows([]desk.NumberInput{
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
		_, err = svc.Submit(ctx, c.Actor, p.ID, p.Version)
		if got := fieldsOf(err); !slices.Contains(got, "loa_signature") || !slices.Contains(got, "documents.bill") {
			t.Fatalf("submit without paperwork: %v", err)
		}
		env.Paperwork(t, c.Actor, p.ID)
		// UK numbers need the losing provider's address: Complete() gave it; submit now passes.
		p, err = svc.Submit(ctx, c.Actor, p.ID, p.Version)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != domain.StatusSubmitted || p.SubmittedAt == nil {
			t.Fatalf("after submit: %s", p.Status)
		}
		// The customer cannot edit or drive the carrier steps.
		if _, err := svc.UpdatePortIn(ctx, c.Actor, p.ID, p.Version, desk.PortInChanges{}); !domain.IsCode(err, domain.ErrIllegalTransition) {
			t.Fatalf("edit submitted: %v", err)
		}
		if _, err := svc.Transition(ctx, c.Actor, p.ID, p.Version, domain.StatusInProgress, ""); !domain.IsCode(err, domain.ErrForbidden) {
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
				p, err = svc.Schedule(ctx, st.who, p.ID, p.Version, env.FOC("GB", 3))
			} else {
				p, err = svc.Transition(ctx, st.who, p.ID, p.Version, st.to, st.reason)
			}
			if err != nil {
				t.Fatalf("→ %s: %v", st.to, err)
			}
		}
		view, err := svc.PortIn(ctx, c.Actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range view.Numbers {
			if n.Status != domain.NumberPorted {
				t.Errorf("%s is %s", n.Number, n.Status)
			}
		}
		inv, err := svc.InventoryNumbers(ctx, c.Actor, 0, 0, 0)
		if err != nil || len(inv) != 2 {
			t.Fatalf("inventory after completion: %v %v", inv, err)
		}
		events, err := svc.Events(ctx, c.Actor, p.ID)
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
		q, err := svc.CreatePortIn(ctx, c.Actor, desk.PortInChanges{})
		if err != nil {
			t.Fatal(err)
		}
		res, err = svc.AddNumbers(ctx, c.Actor, q.ID, q.Version, desk.RowList(desk.Rows([]desk.NumberInput{{Number: "01134960001"}})), true)
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
		svc := env.Svc
		if _, err := svc.AddInventoryNumber(ctx, staff, desk.InventoryInput{AccountID: a.Account.ID, Number: "+441134960900", ReceivingNumber: "+441134960500"}); err != nil {
			t.Fatal(err)
		}
		held, err := svc.CreatePortIn(ctx, b.Actor, desk.PortInChanges{Numbers: []desk.NumberInput{{Number: "+441134960700"}}})
		if err != nil {
			t.Fatal(err)
		}
		p, err := svc.CreatePortIn(ctx, a.Actor, desk.PortInChanges{Numbers: []desk.NumberInput{{Number: "0113 496 0100"}}})
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
		res, err := svc.AddNumbers(ctx, a.Actor, p.ID, 0, desk.RowList(rows), true)
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
		if _, err := svc.AddNumbers(ctx, a.Actor, p.ID, 0, desk.RowList(rows), false); !domain.IsCode(err, domain.ErrVersionRequired) {
			t.Fatalf("commit without version: %v", err)
		}
		res, err = svc.AddNumbers(ctx, a.Actor, p.ID, p.Version, desk.RowList(rows), false)
		if err != nil || res.Added != 3 {
			t.Fatalf("commit: %+v %v", res, err)
		}
		// Cancelling releases the other account's number.
		if _, err := svc.Cancel(ctx, b.Actor, held.ID, held.Version, "changed our mind"); err != nil {
			t.Fatal(err)
		}
		res, err = svc.AddNumbers(ctx, a.Actor, p.ID, 0, desk.RowList(rows[3:4]), true)
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
		svc := env.Svc
		pin := "98765"
		p, err := svc.CreatePortIn(ctx, child.Actor, desk.PortInChanges{PIN: &pin})
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
		if _, err := svc.PortIn(ctx, parent.Actor, p.ID); err != nil {
			t.Fatalf("parent must see child's request: %v", err)
		}
		pp, err := svc.CreatePortIn(ctx, parent.Actor, desk.PortInChanges{})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			who domain.Actor
			id  int64
		}{{child.Actor, pp.ID}, {other.Actor, p.ID}} {
			if _, err := svc.PortIn(ctx, tc.who, tc.id); !domain.IsCode(err, domain.ErrNotFound) {
				t.Errorf("must be not found, got %v", err)
			}
		}
		// Recipients must be users of the account or above it.
		recips := []string{parent.Admin.Email, other.Admin.Email}
		_, err = svc.UpdatePortIn(ctx, child.Actor, p.ID, p.Version, desk.PortInChanges{Recipients: &recips})
		if f := fieldsOf(err); len(f) != 1 || f[0] != "recipients[1]" {
			t.Fatalf("recipients: %v", err)
		}
		page, err := svc.ListPortIns(ctx, parent.Actor, desk.ListFilter{})
		if err != nil || len(page.Items) != 2 {
			t.Fatalf("parent list: %d %v", len(page.Items), err)
		}
		page, err = svc.ListPortIns(ctx, child.Actor, desk.ListFilter{})
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
		svc := env.Svc
		old, err := svc.CreatePortIn(ctx, c.Actor, desk.PortInChanges{Numbers: []desk.NumberInput{{Number: "0113 496 0400"}}})
		if err != nil {
			t.Fatal(err)
		}
		env.Clock.Advance(20 * 24 * time.Hour)
		fresh, err := svc.CreatePortIn(ctx, c.Actor, desk.PortInChanges{})
		if err != nil {
			t.Fatal(err)
		}
		env.Clock.Advance(11 * 24 * time.Hour)
		if ok, err := svc.DeleteStaleDraft(ctx, fresh.ID); err != nil || ok {
			t.Fatalf("fresh draft deleted: %v %v", ok, err)
		}
		if ok, err := svc.DeleteStaleDraft(ctx, old.ID); err != nil || !ok {
			t.Fatalf("stale draft kept: %v %v", ok, err)
		}
		if _, err := env.Store.PortIn(ctx, old.ID); !domain.IsCode(err, domain.ErrNotFound) {
			t.Fatalf("still there: %v", err)
		}
		events, err := env.Store.Events(ctx, old.ID)
		if err != nil || len(events) < 2 || events[len(events)-1].Type != domain.EventDraftDeleted {
			t.Fatalf("events kept: %+v %v", events, err)
		}
		// Its number is free again.
		res, err := svc.AddNumbers(ctx, c.Actor, fresh.ID, 0, desk.RowList(desk.Rows([]desk.NumberInput{{Number: "0113 496 0400"}})), true)
		if err != nil || res.Rows[0].Code != domain.RowOK {
			t.Fatalf("number after delete: %+v %v", res, err)
		}
	})
}

func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Locked", 0, domain.CountryGB)
		svc := env.Svc
		if _, _, err := svc.Login(ctx, c.Admin.Email, c.Password, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		for range svc.Config().MaxFailsPerUser {
			if _, _, err := svc.Login(ctx, c.Admin.Email, "wrong", "192.0.2.1"); !domain.IsCode(err, domain.ErrUnauthenticated) {
				t.Fatalf("wrong password: %v", err)
			}
		}
		if _, _, err := svc.Login(ctx, c.Admin.Email, c.Password, "192.0.2.9"); !domain.IsCode(err, domain.ErrRateLimited) {
			t.Fatalf("after failures: %v", err)
		}
		env.Clock.Advance(svc.Config().LoginWindow + time.Second)
		tok, _, err := svc.Login(ctx, c.Admin.Email, c.Password, "192.0.2.9")
		if err != nil {
			t.Fatal(err)
		}
		a, _, err := svc.SessionActor(ctx, tok)
		if err != nil || a.UserID != c.Admin.ID {
			t.Fatalf("session: %+v %v", a, err)
		}
		env.Clock.Advance(svc.Config().SessionTTL)
		if _, _, err := svc.SessionActor(ctx, tok); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("expired session: %v", err)
		}
		if _, _, err := svc.Login(ctx, "nobody@x.example", "whatever", "192.0.2.1"); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("unknown user: %v", err)
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
		svc := env.Svc
		if _, err := svc.AddInventoryNumber(ctx, admin, desk.InventoryInput{AccountID: old.Account.ID, Number: "+441134960800", Status: domain.InventoryReleased}); err != nil {
			t.Fatal(err)
		}
		changes := desktest.Complete()
		changes.Numbers = []desk.NumberInput{{Number: "0113 496 0800", ReceivingNumber: "0161 496 0000"}}
		p, err := svc.CreatePortIn(ctx, c.Actor, changes)
		if err != nil {
			t.Fatal(err)
		}
		env.Paperwork(t, c.Actor, p.ID)
		if p, err = svc.Submit(ctx, c.Actor, p.ID, p.Version); err != nil {
			t.Fatal(err)
		}
		for _, to := range []domain.Status{domain.StatusInProgress, domain.StatusScheduled, domain.StatusCompleted} {
			if to == domain.StatusScheduled {
				p, err = svc.Schedule(ctx, staff, p.ID, p.Version, env.FOC("GB", 3))
			} else {
				p, err = svc.Transition(ctx, staff, p.ID, p.Version, to, "")
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
