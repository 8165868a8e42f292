package storetest

import (
	"errors"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

// testListVersions: every write that changes what a customer's list shows, or what one of
// their settled requests shows, moves the list version of the request's account, read with
// the customer's token and with the request's stamp (the API keeps list pages and settled
// requests by it), and no other account's; a write rolled back moves nothing.
func testListVersions(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "Relist Co", 0)
	branch := account(t, s, "Relist Co Branch", acc.ID)
	other := account(t, s, "Relist Other", 0)
	u := domain.User{AccountID: acc.ID, Role: domain.RoleAdmin, Email: "relist@x.example", PasswordHash: "h", CreatedAt: t0}
	must(t, s.CreateUser(ctx, &u))
	must(t, s.CreateAPIToken(ctx, &domain.APIToken{UserID: u.ID, Name: "poll", Prefix: "pdt_rel", Hash: []byte("relist-hash"), CreatedAt: t0}))
	ou := domain.User{AccountID: other.ID, Role: domain.RoleAdmin, Email: "relist-other@x.example", PasswordHash: "h", CreatedAt: t0}
	must(t, s.CreateUser(ctx, &ou))
	must(t, s.CreateAPIToken(ctx, &domain.APIToken{UserID: ou.ID, Name: "poll", Prefix: "pdt_reo", Hash: []byte("relist-other-hash"), CreatedAt: t0}))

	// versions reads each account's list version as a token read gives it.
	versions := func() map[int64]int64 {
		t.Helper()
		got := map[int64]int64{}
		for _, h := range []string{"relist-hash", "relist-other-hash"} {
			_, in, err := s.APITokenUser(ctx, []byte(h))
			must(t, err)
			tree := in.Subtree
			if tree == nil || len(tree.ListVersions) != len(tree.IDs) {
				t.Fatalf("token %s: subtree %+v has no version for each account", h, tree)
			}
			for i, id := range tree.IDs {
				got[id] = tree.ListVersions[i]
			}
		}
		if len(got) != 3 {
			t.Fatalf("versions of %v, want the three accounts'", got)
		}
		return got
	}
	var p, q domain.PortIn
	// stamps checks that a request's stamp (its account and that account's version, which a
	// team member's read of it is kept by) is the account's version as a token reads it.
	stamps := func(t *testing.T, after map[int64]int64) {
		t.Helper()
		for _, r := range []*domain.PortIn{&p, &q} {
			if r.ID == 0 {
				continue
			}
			st, err := s.PortInStamp(ctx, r.ID)
			acc, version := st.AccountID, st.Version
			stored, readErr := s.PortIn(ctx, r.ID)
			if domain.IsCode(readErr, domain.ErrNotFound) {
				wantCode(t, err, domain.ErrNotFound)
				continue
			}
			must(t, err)
			if acc != stored.AccountID || version != after[acc] {
				t.Fatalf("request %d's stamp: account %d at version %d, want account %d at %d", r.ID, acc, version, stored.AccountID, after[stored.AccountID])
			}
		}
	}
	// moves runs a write and checks that exactly the accounts named moved.
	moves := func(name string, write func() error, moved ...int64) {
		t.Helper()
		step(t, name, func(t *testing.T) {
			before := versions()
			must(t, write())
			after := versions()
			stamps(t, after)
			for _, id := range []int64{acc.ID, branch.ID, other.ID} {
				want := false
				for _, m := range moved {
					want = want || m == id
				}
				if got := after[id] != before[id]; got != want {
					t.Fatalf("account %d's list version %d → %d: moved %v, want %v", id, before[id], after[id], got, want)
				}
			}
		})
	}

	moves("a new request", func() error {
		p = domain.PortIn{AccountID: branch.ID, Status: domain.StatusDraft, CreatedAt: t0, UpdatedAt: t0}
		return s.CreatePortIn(ctx, &p)
	}, branch.ID)
	moves("another, in the customer's own account", func() error {
		q = domain.PortIn{AccountID: acc.ID, Status: domain.StatusDraft, CreatedAt: t0, UpdatedAt: t0}
		return s.CreatePortIn(ctx, &q)
	}, acc.ID)
	moves("a change", func() error {
		p.CustomerName = "Renamed Ltd"
		return s.UpdatePortIn(ctx, &p)
	}, branch.ID)
	moves("numbers added", func() error {
		return s.AddPortInNumbers(ctx, p.ID, []domain.PortNumber{
			{Number: "+441134960901", Status: domain.NumberPending, AddedAt: t0},
			{Number: "+441134960902", Status: domain.NumberPending, AddedAt: t0},
			{Number: "+441134960903", Status: domain.NumberPending, AddedAt: t0}})
	}, branch.ID)
	// An upload adds its numbers in its transaction, where an engine may count them once
	// instead of per row (SQLite's CopyFrom): the count, first number and version follow.
	summary := func(id int64) domain.PortInSummary {
		t.Helper()
		got, err := s.ListPortIns(ctx, domain.PortInFilter{AccountIDs: []int64{acc.ID, branch.ID}, Limit: 10})
		must(t, err)
		for _, x := range got {
			if x.ID == id {
				return x
			}
		}
		t.Fatalf("request %d not listed", id)
		return domain.PortInSummary{}
	}
	moves("numbers added in a transaction", func() error {
		return s.InTx(ctx, func(tx domain.Tx) error {
			return tx.AddPortInNumbers(ctx, p.ID, []domain.PortNumber{
				{Number: "+441134960904", Status: domain.NumberPending, AddedAt: t0},
				{Number: "+441134960900", Status: domain.NumberPending, AddedAt: t0}})
		})
	}, branch.ID)
	if got := summary(p.ID); got.NumberCount != 5 || got.FirstNumber != "+441134960900" {
		t.Fatalf("after adding in a transaction: %d numbers from %s, want 5 from +441134960900", got.NumberCount, got.FirstNumber)
	}
	// A transaction that carries on after its copy failed (a number already on the request)
	// leaves nothing behind that would stop later additions being counted.
	moves("a failed copy, then numbers added outside a transaction", func() error {
		// PostgreSQL ends a transaction at its first failed statement, so its commit fails;
		// SQLite commits what came before.
		_ = s.InTx(ctx, func(tx domain.Tx) error {
			if err := tx.AddPortInNumbers(ctx, p.ID, []domain.PortNumber{{Number: "+441134960900", Status: domain.NumberPending, AddedAt: t0}}); err == nil {
				t.Error("a number added twice to one request")
			}
			return nil
		})
		return s.AddPortInNumbers(ctx, p.ID, []domain.PortNumber{{Number: "+441134960905", Status: domain.NumberPending, AddedAt: t0}})
	}, branch.ID)
	if got := summary(p.ID); got.NumberCount != 6 || got.FirstNumber != "+441134960900" {
		t.Fatalf("after the failed copy: %d numbers from %s, want 6 from +441134960900", got.NumberCount, got.FirstNumber)
	}
	// One transaction writing requests of two accounts, one of them twice, moves both.
	moves("a transaction across two accounts", func() error {
		return s.InTx(ctx, func(tx domain.Tx) error {
			r, err := tx.PortIn(ctx, p.ID)
			if err != nil {
				return err
			}
			r.CustomerName = "Twice Ltd"
			if err := tx.UpdatePortIn(ctx, &r); err != nil {
				return err
			}
			if err := tx.AddPortInNumbers(ctx, q.ID, []domain.PortNumber{{Number: "+441134960906", Status: domain.NumberPending, AddedAt: t0}}); err != nil {
				return err
			}
			r.CustomerName = "Thrice Ltd"
			return tx.UpdatePortIn(ctx, &r)
		})
	}, branch.ID, acc.ID)
	moves("a number removed", func() error { return s.RemovePortInNumber(ctx, p.ID, "+441134960903") }, branch.ID)
	moves("a number moved to a request of another account", func() error {
		return s.MovePortInNumbers(ctx, p.ID, q.ID, []string{"+441134960902"})
	}, branch.ID, acc.ID)
	moves("a note the customer sees", func() error {
		return s.AddNote(ctx, &domain.Note{PortInID: p.ID, AuthorName: "x", Body: "seen", CreatedAt: t0})
	}, branch.ID)
	moves("the account renamed", func() error {
		b := branch
		b.Name = "Relist Co North"
		return s.UpdateAccount(ctx, &b)
	}, branch.ID)
	moves("a change rolled back", func() error {
		oops := errors.New("rolled back")
		err := s.InTx(ctx, func(tx domain.Tx) error {
			r := domain.PortIn{AccountID: other.ID, Status: domain.StatusDraft, CreatedAt: t0, UpdatedAt: t0}
			if err := tx.CreatePortIn(ctx, &r); err != nil {
				return err
			}
			return oops
		})
		if !errors.Is(err, oops) {
			return err
		}
		return nil
	})
	// What one settled request shows (the API keeps it by the same versions) but its own row
	// does not hold: its numbers' statuses and warnings, and the PACs of it and of the
	// request it was split from.
	moves("its numbers' status", func() error {
		return s.SetPortInNumberStatus(ctx, q.ID, domain.NumberSubmitted, true)
	}, acc.ID)
	moves("a number set aside", func() error {
		return s.SetAsideNumbers(ctx, q.ID, []string{"+441134960906"}, domain.NumberRejected, "not with this provider")
	}, acc.ID)
	moves("a number ported", func() error {
		_, err := s.MarkNumbersPorted(ctx, q.ID, []string{"+441134960902"})
		return err
	}, acc.ID)
	moves("a partial completion told", func() error {
		return s.AddEvent(ctx, &domain.StoredEvent{Subject: domain.PortInSubject(q.ID), AccountID: acc.ID, ActorName: "x",
			Type: domain.EventNumbersPorted, Reason: "+441134960902", At: t0})
	}, acc.ID)
	moves("another event of the request, which it does not show", func() error {
		return s.AddEvent(ctx, &domain.StoredEvent{Subject: domain.PortInSubject(q.ID), AccountID: acc.ID, ActorName: "x",
			Type: domain.EventNoteAdded, At: t0})
	})
	order := domain.PortIn{AccountID: branch.ID, ParentID: q.ID, Status: domain.StatusSubmitted, CreatedAt: t0, UpdatedAt: t0}
	moves("an order split off", func() error { return s.CreatePortIn(ctx, &order) }, branch.ID)
	pac := domain.PAC{PortInID: q.ID, OrderKey: "uk-mobile", Code: "ABC123456", ExpiresOn: t0.AddDate(0, 0, 30), EnteredBy: u.ID, EnteredAt: t0}
	moves("a PAC entered on the request split", func() error { return s.SetPAC(ctx, pac) }, acc.ID, branch.ID)
	moves("the PAC entered again", func() error {
		pac.Code = "XYZ654321"
		return s.SetPAC(ctx, pac)
	}, acc.ID, branch.ID)
	moves("a PAC on the order alone", func() error {
		return s.SetPAC(ctx, domain.PAC{PortInID: order.ID, OrderKey: "uk-mobile", Code: "DEF123456", ExpiresOn: t0.AddDate(0, 0, 30), EnteredBy: u.ID, EnteredAt: t0})
	}, branch.ID)
	moves("the PAC taken away", func() error { return s.DeletePAC(ctx, q.ID, "uk-mobile") }, acc.ID, branch.ID)
	moves("no PAC to take away", func() error { return s.DeletePAC(ctx, q.ID, "uk-mobile") })
	moves("no number left to set", func() error {
		return s.SetPortInNumberStatus(ctx, order.ID, domain.NumberScheduled, true)
	})
	moves("a request deleted", func() error { return s.DeletePortIn(ctx, p.ID) }, branch.ID)
}
