package portin_test

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/team"
)

// letterOf is the PDF a request shows for its only letter.
func letterOf(t *testing.T, env *desktest.Env, a domain.Actor, id int64) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := env.PortIns.WriteLetter(ctx, a, id, "", &b); err != nil {
		t.Fatalf("the letter of request %d: %v", id, err)
	}
	return b.Bytes()
}

// The signed letter, its certificate page and the bill stay with a request however it ends,
// exactly as they were when it was submitted; completing some numbers first changes
// nothing of them. A completed request says what was ported, when and by whom.
func TestLettersOutliveThePort(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Evidence", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		inProgress := func(t *testing.T, p domain.PortIn) domain.PortIn {
			t.Helper()
			p, err := env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		tests := []struct {
			name    string
			numbers []string
			end     func(t *testing.T, p domain.PortIn) domain.PortIn
			status  domain.Status
			batches int // of ported numbers
		}{
			{"completed at the FOC", []string{"0113 496 0771"}, func(t *testing.T, p domain.PortIn) domain.PortIn {
				p, err := env.Team.Schedule(ctx, staff, p.ID, inProgress(t, p).Version, env.FOC("GB", 3), true)
				if err != nil {
					t.Fatal(err)
				}
				return p
			}, domain.StatusScheduled, 0},
			{"completed number by number", []string{"0113 496 0772", "0113 496 0773"}, func(t *testing.T, p domain.PortIn) domain.PortIn {
				p, err := env.Team.Schedule(ctx, staff, p.ID, inProgress(t, p).Version, env.FOC("GB", 3), true)
				if err != nil {
					t.Fatal(err)
				}
				before := letterOf(t, env, c.Actor, p.ID)
				p, err = env.PortIns.CompleteNumbers(ctx, staff, p.ID, p.Version, []string{"0113 496 0772"})
				if err != nil {
					t.Fatal(err)
				}
				// Half of it is live: the letter is still the one signed, and nothing is to sign.
				pw, err := env.PortIns.Paperwork(ctx, c.Actor, p.ID)
				if err != nil || !pw.Signed() || len(pw.Missing) != 0 || pw.SignAgain || !bytes.Equal(letterOf(t, env, c.Actor, p.ID), before) {
					t.Fatalf("after completing one number: %v %+v", err, pw.Missing)
				}
				if p, err = env.PortIns.CompleteNumbers(ctx, staff, p.ID, p.Version, []string{"0113 496 0773"}); err != nil {
					t.Fatal(err)
				}
				return p
			}, domain.StatusCompleted, 2},
			{"cancelled", []string{"0113 496 0774"}, func(t *testing.T, p domain.PortIn) domain.PortIn {
				p, err := env.PortIns.Cancel(ctx, c.Actor, p.ID, p.Version, "Staying with BT")
				if err != nil {
					t.Fatal(err)
				}
				return p
			}, domain.StatusCancelled, 0},
			{"rejected", []string{"0113 496 0775"}, func(t *testing.T, p domain.PortIn) domain.PortIn {
				p, err := env.PortIns.Transition(ctx, staff, p.ID, inProgress(t, p).Version, domain.StatusRejected, "The account is closed")
				if err != nil {
					t.Fatal(err)
				}
				return p
			}, domain.StatusRejected, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := env.Submitted(t, c.Actor, tt.numbers...)
				sent := letterOf(t, env, c.Actor, p.ID)
				if text := desktest.PDFText(t, sent); !strings.Contains(text, "Signed electronically by /s/ Jane Smith, Director") ||
					!strings.Contains(text, "Signature certificate") || !strings.Contains(text, "The hashes match") {
					t.Fatalf("the letter sent is not the signed one: %s", text)
				}
				p = tt.end(t, p)
				if tt.status == domain.StatusScheduled { // the FOC comes
					env.Clock.Set(p.FOC.Add(time.Minute))
					if err := env.PortIns.CompleteAtFOC(ctx, domain.CompleteAtFOCArgs{PortInID: p.ID, FOC: *p.FOC}); err != nil {
						t.Fatal(err)
					}
					p, _ = env.Store.PortIn(ctx, p.ID)
					tt.status, tt.batches = domain.StatusCompleted, 1
				}
				if p.Status != tt.status {
					t.Fatalf("status %s, want %s", p.Status, tt.status)
				}
				for _, who := range []domain.Actor{c.Actor, staff} {
					if got := letterOf(t, env, who, p.ID); !bytes.Equal(got, sent) {
						t.Fatalf("after the port the letter is not the one sent (%d bytes, sent %d)", len(got), len(sent))
					}
				}
				pw, err := env.PortIns.Paperwork(ctx, c.Actor, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(pw.Letters) != 1 || pw.Letters[0].Frozen == nil || !pw.Signed() || pw.Letters[0].Changed || len(pw.Missing) != 0 || len(pw.Frozen) != 1 {
					t.Fatalf("paperwork after the port: %+v", pw)
				}
				var frozen bytes.Buffer
				if _, err := env.PortIns.WriteFrozenLetter(ctx, c.Actor, p.ID, pw.Frozen[0].ID, &frozen); err != nil || !bytes.Equal(frozen.Bytes(), sent) {
					t.Fatalf("the frozen copy: %v", err)
				}
				var bill *domain.Document
				for i := range pw.Documents {
					if pw.Documents[i].Kind == domain.DocBill {
						bill = &pw.Documents[i]
					}
				}
				if bill == nil {
					t.Fatalf("no bill among %+v", pw.Documents)
				}
				_, rc, err := env.PortIns.OpenDocument(ctx, c.Actor, p.ID, bill.ID)
				if err != nil {
					t.Fatalf("the bill after the port: %v", err)
				}
				if b, _ := io.ReadAll(rc); !bytes.HasPrefix(b, []byte("%PDF")) {
					t.Fatal("the bill is not the PDF uploaded")
				}
				rc.Close()

				// What was ported, when, by whom: the request's own numbers are not "already with us".
				v, err := env.PortIns.Get(ctx, c.Actor, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				var ported []string
				for _, b := range v.Ported {
					if b.At.IsZero() || b.By == "" {
						t.Errorf("batch without a date or who: %+v", b)
					}
					ported = append(ported, b.Numbers...)
				}
				if len(v.Ported) != tt.batches || (tt.batches > 0 && len(ported) != len(tt.numbers)) {
					t.Fatalf("ported: %+v", v.Ported)
				}
				rp, err := env.PortIns.Plan(ctx, c.Actor, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(rp.Plan.SetAside) != 0 {
					t.Fatalf("the request's own ported numbers are set aside: %+v", rp.Plan.SetAside)
				}
			})
		}
		t.Run("who completed it", func(t *testing.T) {
			p := env.Submitted(t, c.Actor, "0113 496 0776")
			p, err := env.Team.Schedule(ctx, staff, p.ID, inProgress(t, p).Version, env.FOC("GB", 3), true)
			if err != nil {
				t.Fatal(err)
			}
			p, err = env.PortIns.CompleteNumbers(ctx, staff, p.ID, p.Version, []string{"0113 496 0776"})
			if err != nil {
				t.Fatal(err)
			}
			v, _ := env.PortIns.Get(ctx, c.Actor, p.ID)
			if len(v.Ported) != 1 || v.Ported[0].By != "Staff agent" || !slices.Equal(v.Ported[0].Numbers, []string{"+441134960776"}) || v.Ported[0].How != "The last numbers completed" {
				t.Fatalf("ported: %+v", v.Ported)
			}
		})
		t.Run("a frozen letter whose bytes changed", func(t *testing.T) {
			p := env.Submitted(t, c.Actor, "0113 496 0777")
			pw, _ := env.PortIns.Paperwork(ctx, c.Actor, p.ID)
			if err := env.Deps.Documents.Put(ctx, pw.Frozen[0].StorageKey, desktest.BillPDF("not the letter"), "application/pdf"); err != nil {
				t.Fatal(err)
			}
			err := env.PortIns.WriteLetter(ctx, c.Actor, p.ID, "", io.Discard)
			if err == nil || !strings.Contains(err.Error(), "not the letter that was sent") {
				t.Fatalf("another file served as the letter sent: %v", err)
			}
			other := env.NewCustomer(t, "Other", 0, domain.CountryGB)
			if _, err := env.PortIns.WriteFrozenLetter(ctx, other.Actor, p.ID, pw.Frozen[0].ID, io.Discard); !domain.IsCode(err, domain.ErrNotFound) {
				t.Fatalf("another account's letter: %v", err)
			}
			q := env.Submitted(t, c.Actor, "0113 496 0778")
			if _, err := env.PortIns.WriteFrozenLetter(ctx, c.Actor, q.ID, pw.Frozen[0].ID, io.Discard); !domain.IsCode(err, domain.ErrNotFound) {
				t.Fatalf("another request's letter: %v", err)
			}
		})
	})
}

// A letter that changed after it was signed (a supplemental order) is signed again before
// the order goes to the carrier, is given a date or completes; what is signed then is the
// letter sent from then on, and the one sent before stays.
func TestLetterChangedAfterSigning(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Supplemental", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		carrier, err := env.Team.SaveCarrier(ctx, staff, 0, team.CarrierInput{Name: "BT Wholesale", Email: "porting@bt.example"})
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name   string
			number string
			change func(t *testing.T, p domain.PortIn) domain.PortIn
			shows  string // what the letter says after the change
			sign   func(t *testing.T, p domain.PortIn)
		}{
			{"a number added, signed online", "0113 496 0781", func(t *testing.T, p domain.PortIn) domain.PortIn {
				if _, err := env.PortIns.AddNumbers(ctx, c.Actor, p.ID, p.Version, portin.RowList(portin.Rows([]portin.NumberInput{{Number: "0113 496 0782"}})), false); err != nil {
					t.Fatal(err)
				}
				p, _ = env.Store.PortIn(ctx, p.ID)
				return p
			}, "+44 113 496 0782", signOnline(env, c.Actor)},
			{"the desired date moved, signed online", "0113 496 0783", func(t *testing.T, p domain.PortIn) domain.PortIn {
				date := "2026-12-30"
				p, err := env.PortIns.Update(ctx, c.Actor, p.ID, p.Version, portin.Changes{DesiredDate: &date})
				if err != nil {
					t.Fatal(err)
				}
				return p
			}, "Wednesday 30 December 2026", signOnline(env, c.Actor)},
			{"a number added, signed on letterhead", "0113 496 0784", func(t *testing.T, p domain.PortIn) domain.PortIn {
				if _, err := env.PortIns.AddNumbers(ctx, c.Actor, p.ID, p.Version, portin.RowList(portin.Rows([]portin.NumberInput{{Number: "0113 496 0785"}})), false); err != nil {
					t.Fatal(err)
				}
				p, _ = env.Store.PortIn(ctx, p.ID)
				return p
			}, "+44 113 496 0785", func(t *testing.T, p domain.PortIn) {
				if _, err := env.PortIns.UploadDocument(ctx, c.Actor, p.ID, domain.DocSignedLOA, "loa-signed.pdf", bytes.NewReader(desktest.BillPDF("signed again"))); err != nil {
					t.Fatal(err)
				}
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := env.Submitted(t, c.Actor, tt.number)
				sent := letterOf(t, env, c.Actor, p.ID)
				p, err := env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
				if err != nil {
					t.Fatal(err)
				}
				p = tt.change(t, p)
				pw, err := env.PortIns.Paperwork(ctx, c.Actor, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				l := pw.Letters[0]
				if !l.Changed || l.Signed || pw.Signed() || !pw.SignAgain || !pw.CanSign || len(pw.Unsigned()) != 1 || !strings.Contains(pw.Missing[0].Message, "again") {
					t.Fatalf("after the change: %+v", pw)
				}
				// The request shows the letter to sign again; the one sent before is kept.
				now := desktest.PDFText(t, letterOf(t, env, c.Actor, p.ID))
				if !strings.Contains(now, tt.shows) || strings.Contains(now, "Signature certificate") {
					t.Fatalf("the letter to sign again: %s", now)
				}
				var before bytes.Buffer
				if _, err := env.PortIns.WriteFrozenLetter(ctx, c.Actor, p.ID, l.Frozen.ID, &before); err != nil || !bytes.Equal(before.Bytes(), sent) {
					t.Fatalf("the letter sent before: %v", err)
				}

				// Nothing goes on until it is signed again.
				refused := func(what string, err error) {
					t.Helper()
					var de *domain.Error
					if !errors.As(err, &de) || de.Code != domain.ErrIncomplete || !slices.Contains(fieldsOf(err), "loa_signature") {
						t.Fatalf("%s with a letter changed after signing: %v", what, err)
					}
				}
				_, err = env.Team.SendToCarrier(ctx, staff, p.ID, p.Version, carrier.ID)
				refused("send to the carrier", err)
				p, _ = env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
				_, err = env.Team.Schedule(ctx, staff, p.ID, p.Version, env.FOC("GB", 5), true)
				refused("schedule", err)
				_, err = env.PortIns.CompleteNumbers(ctx, staff, p.ID, p.Version, []string{tt.number})
				refused("complete a number", err)
				if inv, _ := env.Store.InventoryByNumbers(ctx, []string{"+441134960782", "+441134960785"}); len(inv) != 0 {
					t.Fatalf("unsigned numbers went live: %+v", inv)
				}

				tt.sign(t, p)
				pw, _ = env.PortIns.Paperwork(ctx, c.Actor, p.ID)
				if !pw.Signed() || pw.SignAgain || len(pw.Missing) != 0 || pw.Letters[0].Changed || len(pw.Frozen) != 2 || pw.Frozen[0].ID == l.Frozen.ID {
					t.Fatalf("after signing again: %+v", pw)
				}
				again := desktest.PDFText(t, letterOf(t, env, c.Actor, p.ID))
				if !strings.Contains(again, tt.shows) {
					t.Fatalf("the letter signed again does not say %q: %s", tt.shows, again)
				}
				if pw.Frozen[0].SignatureID != 0 && !strings.Contains(again, "Signature certificate") {
					t.Fatalf("the letter signed again online has no certificate: %s", again)
				}
				if _, err := env.PortIns.SignLOA(ctx, c.Actor, p.ID, portin.SignInput{Name: "Jane Smith", Title: "Director", Email: "jane@acme.example", Agree: true}); !domain.IsCode(err, domain.ErrIllegalTransition) {
					t.Fatalf("signing a letter signed as it reads: %v", err)
				}
				p, _ = env.Store.PortIn(ctx, p.ID)
				if p, err = env.Team.SendToCarrier(ctx, staff, p.ID, p.Version, carrier.ID); err != nil {
					t.Fatal(err)
				}
				if p, err = env.Team.Schedule(ctx, staff, p.ID, p.Version, env.FOC("GB", 5), true); err != nil {
					t.Fatal(err)
				}
				if _, err = env.PortIns.CompleteNumbers(ctx, staff, p.ID, p.Version, []string{tt.number}); err != nil {
					t.Fatal(err)
				}
			})
		}
	})
}

func signOnline(env *desktest.Env, a domain.Actor) func(t *testing.T, p domain.PortIn) {
	return func(t *testing.T, p domain.PortIn) {
		t.Helper()
		sigs, err := env.PortIns.SignLOA(ctx, a, p.ID, portin.SignInput{Name: "Jane Smith", Title: "Director", Email: "jane@acme.example", Agree: true, IP: "192.0.2.8"})
		if err != nil || len(sigs) != 1 {
			t.Fatalf("sign again: %v %d", err, len(sigs))
		}
	}
}

// Split into orders at submission, each order keeps its own letter as signed: one of two,
// naming its range holder, never claiming its numbers are all the account's.
func TestSplitOrdersKeepTheirLetters(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Split", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		in := desktest.Complete()
		in.Numbers = []portin.NumberInput{{Number: "0113 496 0791"}, {Number: "020 7946 0791"}}
		p, err := env.PortIns.Create(ctx, c.Actor, in)
		if err != nil {
			t.Fatal(err)
		}
		pw, err := env.PortIns.Paperwork(ctx, c.Actor, p.ID)
		if err != nil || len(pw.Letters) != 2 {
			t.Fatalf("letters before the split: %v %d", err, len(pw.Letters))
		}
		for i, l := range pw.Letters {
			if l.Letter.Order != i+1 || l.Letter.Orders != 2 || l.Letter.LineType != domain.MultiLine || l.Letter.RangeHolder == "" {
				t.Fatalf("letter %d: %+v", i, l.Letter)
			}
		}
		env.Paperwork(t, c.Actor, p.ID)
		v, _ := env.PortIns.Get(ctx, c.Actor, p.ID)
		if !v.Plan.QuoteAccepted { // two carriers: an administration charge
			if _, err := env.PortIns.AcceptQuote(ctx, c.Actor, p.ID, v.Version, v.Plan.Plan.Quote.Hash); err != nil {
				t.Fatal(err)
			}
			v, _ = env.PortIns.Get(ctx, c.Actor, p.ID)
		}
		if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, v.Version); err != nil || p.Status != domain.StatusSplit {
			t.Fatalf("submit: %v %s", err, p.Status)
		}
		rp, _ := env.PortIns.Plan(ctx, c.Actor, p.ID)
		if len(rp.Children) != 2 {
			t.Fatalf("orders: %+v", rp.Children)
		}
		for i, child := range rp.Children {
			ns, _ := env.Store.PortInNumbers(ctx, child.ID)
			pw, err := env.PortIns.Paperwork(ctx, c.Actor, child.ID)
			if err != nil || len(pw.Letters) != 1 || pw.Letters[0].Frozen == nil || !pw.Signed() || len(ns) != 1 ||
				!slices.Equal(pw.Letters[0].Order.Numbers, []string{ns[0].Number}) {
				t.Fatalf("order %d: %v %+v", child.ID, err, pw)
			}
			text := desktest.PDFText(t, letterOf(t, env, c.Actor, child.ID))
			holder := pw.Letters[0].Letter.RangeHolder
			for _, w := range []string{"Request " + itoa(p.ID) + " · order", " of 2", "Range holder " + holder, "Line type Multi-line",
				"with those listed in the other letter of request " + itoa(p.ID) + ", are every number on the account", "Signature certificate", "The hashes match"} {
				if !strings.Contains(text, w) {
					t.Errorf("order %d's letter does not say %q: %s", i+1, w, text)
				}
			}
			if strings.Contains(text, "listed in this letter are every number") {
				t.Errorf("order %d's letter claims its numbers are every number on the account", i+1)
			}
		}
		// An order completes: its letter is still there.
		first := rp.Children[0]
		q, _ := env.Store.PortIn(ctx, first.ID)
		before := letterOf(t, env, c.Actor, q.ID)
		q, _ = env.PortIns.Transition(ctx, staff, q.ID, q.Version, domain.StatusInProgress, "")
		if q, err = env.Team.Schedule(ctx, staff, q.ID, q.Version, env.FOC("GB", 5), true); err != nil {
			t.Fatal(err)
		}
		ns, _ := env.Store.PortInNumbers(ctx, q.ID)
		if q, err = env.PortIns.CompleteNumbers(ctx, staff, q.ID, q.Version, []string{ns[0].Number}); err != nil || q.Status != domain.StatusCompleted {
			t.Fatalf("complete the order: %v", err)
		}
		if !bytes.Equal(letterOf(t, env, c.Actor, q.ID), before) {
			t.Fatal("the completed order's letter is not the one sent")
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// A document sent with a submission is evidence: sent back for a fix, the customer uploads a
// better one beside it, and may remove only what was uploaded since.
func TestDocumentsSentStay(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Kept", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		p := env.Submitted(t, c.Actor, "0113 496 0841")
		env.Clock.Advance(time.Hour)
		p, err := env.Team.RequestFix(ctx, staff, p.ID, p.Version, []domain.Rejection{{Code: domain.RejectNameMismatch}}, "")
		if err != nil {
			t.Fatal(err)
		}
		pw, _ := env.PortIns.Paperwork(ctx, c.Actor, p.ID)
		if len(pw.Documents) != 1 || pw.Removable[pw.Documents[0].ID] {
			t.Fatalf("documents sent: %+v, removable %v", pw.Documents, pw.Removable)
		}
		var de *domain.Error
		if err := env.PortIns.DeleteDocument(ctx, c.Actor, p.ID, pw.Documents[0].ID); !errors.As(err, &de) || de.Code != domain.ErrIllegalTransition || !strings.Contains(de.Message, "evidence") {
			t.Fatalf("removing the bill sent: %v", err)
		}
		env.Clock.Advance(time.Minute)
		d, err := env.PortIns.UploadDocument(ctx, c.Actor, p.ID, domain.DocBill, "newer.pdf", bytes.NewReader(desktest.BillPDF("newer bill")))
		if err != nil {
			t.Fatal(err)
		}
		if pw, _ = env.PortIns.Paperwork(ctx, c.Actor, p.ID); !pw.Removable[d.ID] {
			t.Fatalf("a document uploaded since is not removable: %v", pw.Removable)
		}
		if err := env.PortIns.DeleteDocument(ctx, c.Actor, p.ID, d.ID); err != nil {
			t.Fatalf("removing a document uploaded since: %v", err)
		}
	})
}
