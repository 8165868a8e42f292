package delivery_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
	"github.com/portdesk/portdesk/internal/portin"
)

// A partial port's emails say plainly which numbers may now be cancelled with the losing
// provider and which must stay: when some numbers complete early (the rest still porting) and
// when the port completes (a set-aside number never moved; the account itself stays open).
func TestCompletionEmailOfAPartialPort(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	ctx := context.Background()
	srv := smtptest.Start(t)
	m, err := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	env.UseMailer(t, m)
	c := env.NewCustomer(t, "Partial Co", 0, domain.CountryGB)
	staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	// +441134960843 rings one of the customer's tracking numbers: it is set aside at submission.
	now := env.Clock.Now()
	if err := env.Store.CreateInventoryNumber(ctx, &domain.InventoryNumber{AccountID: c.Account.ID, Number: "+441134960849", Status: domain.InventoryActive,
		ReceivingNumber: "+441134960843", SMS: domain.SMSActive, CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	p, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0841"}, {Number: "0113 496 0842"}, {Number: "0113 496 0843"}}})
	if err != nil {
		t.Fatal(err)
	}
	ch := desktest.Complete()
	partial := domain.PortPartial
	ch.PortType = &partial
	if p, err = env.PortIns.Update(ctx, c.Actor, p.ID, p.Version, ch); err != nil {
		t.Fatal(err)
	}
	env.Paperwork(t, c.Actor, p.ID)
	v, _ := env.PortIns.Get(ctx, c.Actor, p.ID)
	if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, v.Version); err != nil {
		t.Fatal(err)
	}
	if p, err = env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, ""); err != nil {
		t.Fatal(err)
	}
	mail := func(typ domain.EventType) (string, string) {
		t.Helper()
		before := len(srv.Messages())
		if err := env.Delivery.DeliverEventEmails(ctx, domain.EventEmailArgs{EventID: env.LastEvent(t, p.ID, typ).ID}); err != nil {
			t.Fatal(err)
		}
		got := srv.Wait(before+1, 5*time.Second)
		msg, err := got[len(got)-1].Parse()
		if err != nil {
			t.Fatal(err)
		}
		text, _ := got[len(got)-1].Text()
		return msg.Header.Get("Subject"), text
	}
	between := func(text, from, to string) string {
		i := strings.Index(text, from)
		if i < 0 {
			return ""
		}
		j := strings.Index(text[i:], to)
		if j < 0 {
			return text[i:]
		}
		return text[i : i+j]
	}

	if p, err = env.PortIns.CompleteNumbers(ctx, staff, p.ID, p.Version, []string{"0113 496 0841"}); err != nil {
		t.Fatal(err)
	}
	subject, text := mail(domain.EventNumbersPorted)
	cancel, keep := between(text, "You can now cancel", "Do not cancel"), between(text, "Do not cancel", "This is a partial port")
	if subject != "Port request "+strconv.FormatInt(p.ID, 10)+": 1 number live, 2 numbers still to come" ||
		!strings.Contains(cancel, "+441134960841") || strings.Contains(cancel, "0842") || strings.Contains(cancel, "0843") ||
		!strings.Contains(keep, "+441134960842 (still porting)") || !strings.Contains(keep, "+441134960843 (not ported: still an active receiving number)") ||
		!strings.Contains(text, "keep that account open") {
		t.Fatalf("some numbers completed early: %q\n%s", subject, text)
	}

	if p, err = env.Team.Schedule(ctx, staff, p.ID, p.Version, env.FOC("GB", 10), true); err != nil {
		t.Fatal(err)
	}
	if p, err = env.PortIns.CompleteNumbers(ctx, staff, p.ID, p.Version, []string{"0113 496 0842"}); err != nil || p.Status != domain.StatusCompleted {
		t.Fatalf("the last number: %v", err)
	}
	subject, text = mail(domain.EventStatusChanged)
	cancel, keep = between(text, "You can now cancel", "Do not cancel"), between(text, "Do not cancel", "This is a partial port")
	if !strings.Contains(subject, "is complete") || !strings.Contains(cancel, "+441134960841") || !strings.Contains(cancel, "+441134960842") ||
		strings.Contains(cancel, "0843") || !strings.Contains(keep, "+441134960843 (not ported") || strings.Contains(keep, "still porting") ||
		!strings.Contains(text, "the other numbers on your BT account stay with BT, so keep that account open") {
		t.Fatalf("completed: %q\n%s", subject, text)
	}
}
