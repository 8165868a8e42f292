package portin_test

import (
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
	"github.com/portdesk/portdesk/internal/portin"
)

// signable is a complete draft of numbers whose letter can be signed or sent for signature.
func signableDraft(t *testing.T, env *desktest.Env, a domain.Actor, numbers ...string) domain.PortIn {
	t.Helper()
	in := make([]portin.NumberInput, len(numbers))
	for i, n := range numbers {
		in[i] = portin.NumberInput{Number: n}
	}
	p, err := env.PortIns.Create(ctx, a, portin.Changes{Numbers: in})
	if err != nil {
		t.Fatal(err)
	}
	if p, err = env.PortIns.Update(ctx, a, p.ID, p.Version, desktest.Complete()); err != nil {
		t.Fatal(err)
	}
	return p
}

// A letter sent for signature reaches the authorised person by email with a single-use link
// valid seven days; they sign it through the link without an account, and the evidence says
// so. A used, expired, revoked or replaced link, or one whose letter changed, signs nothing.
func TestSendForSignature(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		srv := smtptest.Start(t)
		m, err := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
		if err != nil {
			t.Fatal(err)
		}
		env.UseMailer(t, m)
		c := env.NewCustomer(t, "Signing Co", 0, domain.CountryGB)
		sent := 0
		// send sends the request's letter and returns the token the email carries.
		send := func(t *testing.T, id int64) (domain.SignatureRequest, string) {
			t.Helper()
			rs, err := env.PortIns.SendForSignature(ctx, c.Actor, id, "")
			if err != nil || len(rs) != 1 || rs[0].Email != "jane@acme.example" || !rs[0].ExpiresAt.Equal(env.Clock.Now().Add(7*24*time.Hour)) {
				t.Fatalf("send: %+v %v", rs, err)
			}
			if n := env.SendSignatureRequests(t); n != 1 {
				t.Fatalf("jobs run: %d", n)
			}
			sent++
			got := srv.Wait(sent, 5*time.Second)
			if len(got) != sent || got[sent-1].To[0] != "jane@acme.example" {
				t.Fatalf("mail: %+v", got)
			}
			text, _ := got[sent-1].Text()
			tok := desktest.LinkToken(t, got[sent-1])
			if tok == "" || !strings.Contains(text, "https://portdesk.test/sign?token=") || !strings.Contains(text, "Acme Widgets Ltd") {
				t.Fatalf("mail text: %s", text)
			}
			stored, _ := env.Store.SignatureRequest(ctx, rs[0].ID)
			if len(stored.TokenHash) != 32 || strings.Contains(string(stored.TokenHash), tok) {
				t.Fatalf("stored: %x", stored.TokenHash)
			}
			return rs[0], tok
		}
		status := func(t *testing.T, id, reqID int64) domain.SignatureRequestStatus {
			t.Helper()
			rs, err := env.PortIns.SignatureRequests(ctx, c.Actor, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				if r.ID == reqID {
					return r.Status
				}
			}
			t.Fatalf("no request %d in %+v", reqID, rs)
			return ""
		}
		dead := func(t *testing.T, tok, why string) {
			t.Helper()
			if _, err := env.PortIns.LetterForLink(ctx, tok); !domain.IsCode(err, domain.ErrInvalid) || fieldsOf(err)[0] != "token" {
				t.Fatalf("%s: opened: %v", why, err)
			}
			if _, err := env.PortIns.SignThroughLink(ctx, tok, sign()); !domain.IsCode(err, domain.ErrInvalid) || fieldsOf(err)[0] != "token" {
				t.Fatalf("%s: signed: %v", why, err)
			}
		}

		t.Run("signed through the link, once", func(t *testing.T) {
			p := signableDraft(t, env, c.Actor, "0113 496 0781")
			r, tok := send(t, p.ID)
			if st := status(t, p.ID, r.ID); st != domain.SignatureWaiting {
				t.Fatalf("status: %s", st)
			}
			l, err := env.PortIns.LetterForLink(ctx, tok)
			if err != nil || l.Letter.Letter.CustomerName != "Acme Widgets Ltd" || l.Request.ID != r.ID {
				t.Fatalf("letter: %+v %v", l, err)
			}
			if _, err := env.PortIns.SignThroughLink(ctx, tok, portin.SignInput{Name: "Jane Smith"}); !domain.IsCode(err, domain.ErrInvalid) || !strings.Contains(strings.Join(fieldsOf(err), ","), "agree") {
				t.Fatalf("without agreeing: %v", err)
			}
			g, err := env.PortIns.SignThroughLink(ctx, tok, sign())
			if err != nil || g.SignatureRequestID != r.ID || g.SignerEmail != "jane@acme.example" || g.IP != "198.51.100.9" || g.UserAgent != "Signer/1.0" || g.UserID != 0 {
				t.Fatalf("sign: %+v %v", g, err)
			}
			pw, err := env.PortIns.Paperwork(ctx, c.Actor, p.ID)
			if err != nil || !pw.Signed() || pw.Letters[0].Signature.SignatureRequestID != r.ID {
				t.Fatalf("paperwork: %+v %v", pw, err)
			}
			if st := status(t, p.ID, r.ID); st != domain.SignatureSigned {
				t.Fatalf("status: %s", st)
			}
			if cert := desktest.PDFText(t, letterOf(t, env, c.Actor, p.ID)); !strings.Contains(cert, "Signed through") || !strings.Contains(cert, "jane@acme.example") {
				t.Fatalf("the certificate page does not say it was signed through the link:\n%s", cert)
			}
			dead(t, tok, "used")
			if ev := env.LastEvent(t, p.ID, domain.EventLOASigned); !strings.Contains(ev.Detail, "through the link emailed to jane@acme.example") {
				t.Fatalf("event: %+v", ev)
			}
		})
		t.Run("resend revokes the link sent before; revoke stops it", func(t *testing.T) {
			p := signableDraft(t, env, c.Actor, "0113 496 0782")
			old, oldTok := send(t, p.ID)
			r, tok := send(t, p.ID)
			dead(t, oldTok, "replaced")
			if st := status(t, p.ID, old.ID); st != domain.SignatureRevoked {
				t.Fatalf("old status: %s", st)
			}
			if err := env.PortIns.RevokeSignatureRequest(ctx, c.Actor, p.ID, r.ID); err != nil {
				t.Fatal(err)
			}
			dead(t, tok, "revoked")
			if err := env.PortIns.RevokeSignatureRequest(ctx, c.Actor, p.ID, r.ID); !domain.IsCode(err, domain.ErrConflict) {
				t.Fatalf("revoked twice: %v", err)
			}
			// The timeline says each: sent, sent again (the link before stops), revoked.
			if ev := env.LastEvent(t, p.ID, domain.EventSignatureSent); !strings.Contains(ev.Detail, "sent for signature to Jane Smith <jane@acme.example>") || !strings.Contains(ev.Detail, "the link sent before no longer works") {
				t.Fatalf("sent again: %+v", ev)
			}
			if n := env.CountEvents(t, p.ID, func(e domain.PortInEvent) bool { return e.Type == domain.EventSignatureSent }); n != 2 {
				t.Fatalf("%d sent events, want 2", n)
			}
			if ev := env.LastEvent(t, p.ID, domain.EventSignatureRevoked); !strings.Contains(ev.Detail, "jane@acme.example") || ev.ActorName == "" {
				t.Fatalf("revoked: %+v", ev)
			}
			other := env.NewCustomer(t, "Other Co", 0, domain.CountryGB)
			if err := env.PortIns.RevokeSignatureRequest(ctx, other.Actor, p.ID, r.ID); !domain.IsCode(err, domain.ErrNotFound) {
				t.Fatalf("another customer revokes: %v", err)
			}
		})
		t.Run("a changed letter invalidates the link", func(t *testing.T) {
			p := signableDraft(t, env, c.Actor, "0113 496 0783", "0113 496 0784")
			r, tok := send(t, p.ID)
			if _, err := env.PortIns.RemoveNumber(ctx, c.Actor, p.ID, p.Version, "+441134960784"); err != nil {
				t.Fatal(err)
			}
			dead(t, tok, "changed")
			if st := status(t, p.ID, r.ID); st != portin.SignatureOutdated {
				t.Fatalf("status: %s", st)
			}
		})
	})
}

// A link expires seven days after it was sent, by the desk's clock; its job sends nothing then.
func TestSignatureLinkExpires(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		srv := smtptest.Start(t)
		m, err := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
		if err != nil {
			t.Fatal(err)
		}
		env.UseMailer(t, m)
		c := env.NewCustomer(t, "Late Co", 0, domain.CountryGB)
		p := signableDraft(t, env, c.Actor, "0113 496 0785")
		rs, err := env.PortIns.SendForSignature(ctx, c.Actor, p.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		env.SendSignatureRequests(t)
		tok := desktest.LinkToken(t, srv.Wait(1, 5*time.Second)[0])
		env.Clock.Advance(7*24*time.Hour - time.Second)
		if _, err := env.PortIns.LetterForLink(ctx, tok); err != nil {
			t.Fatalf("a second before: %v", err)
		}
		env.Clock.Advance(time.Second)
		if _, err := env.PortIns.SignThroughLink(ctx, tok, sign()); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("expired: %v", err)
		}
		got, _ := env.PortIns.SignatureRequests(ctx, c.Actor, p.ID)
		if len(got) != 1 || got[0].ID != rs[0].ID || got[0].Status != domain.SignatureExpired {
			t.Fatalf("status: %+v", got)
		}
		// The housekeeping sweep forgets the token and says so on the timeline, once.
		if n, err := env.PortIns.SweepExpiredSignatureRequests(ctx); err != nil || n != 1 {
			t.Fatalf("swept %d: %v", n, err)
		}
		if n, err := env.PortIns.SweepExpiredSignatureRequests(ctx); err != nil || n != 0 {
			t.Fatalf("swept again %d: %v", n, err)
		}
		if st, _ := env.Store.SignatureRequest(ctx, rs[0].ID); st.TokenHash != nil {
			t.Fatalf("the expired link's token is kept: %x", st.TokenHash)
		}
		if ev := env.LastEvent(t, p.ID, domain.EventSignatureExpired); !strings.Contains(ev.Detail, "expired unsigned") {
			t.Fatalf("expired event: %+v", ev)
		}
		got, _ = env.PortIns.SignatureRequests(ctx, c.Actor, p.ID)
		if len(got) != 1 || got[0].Status != domain.SignatureExpired {
			t.Fatalf("status after the sweep: %+v", got)
		}
		// A job retried after expiry sends nothing.
		if err := env.PortIns.SendSignatureRequest(ctx, rs[0].ID); err != nil {
			t.Fatal(err)
		}
		if n := len(srv.Messages()); n != 1 {
			t.Fatalf("mails: %d", n)
		}
	})
}

// The customer's admin and the porting team (agents too) send letters for signature and
// revoke the links; a customer's plain member does neither.
func TestWhoSendsForSignature(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Who Co", 0, domain.CountryGB)
		agent, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		member := c.Actor
		member.Role = domain.RoleMember
		p := signableDraft(t, env, c.Actor, "0113 496 0786")
		if _, err := env.PortIns.SendForSignature(ctx, member, p.ID, ""); !domain.IsCode(err, domain.ErrForbidden) {
			t.Fatalf("a member sends: %v", err)
		}
		rs, err := env.PortIns.SendForSignature(ctx, agent, p.ID, "")
		if err != nil || len(rs) != 1 {
			t.Fatalf("an agent sends: %+v %v", rs, err)
		}
		if err := env.PortIns.RevokeSignatureRequest(ctx, member, p.ID, rs[0].ID); !domain.IsCode(err, domain.ErrForbidden) {
			t.Fatalf("a member revokes: %v", err)
		}
		if err := env.PortIns.RevokeSignatureRequest(ctx, agent, p.ID, rs[0].ID); err != nil {
			t.Fatalf("an agent revokes: %v", err)
		}
		if portin.MaySendForSignature(member) || !portin.MaySendForSignature(agent) || !portin.MaySendForSignature(c.Actor) {
			t.Fatal("who may send")
		}
	})
}

func sign() portin.SignInput {
	return portin.SignInput{Name: "Jane Smith", Title: "Director", Agree: true, IP: "198.51.100.9", UserAgent: "Signer/1.0"}
}
