package notify_test

import (
	"context"
	"flag"
	"io"
	"mime"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
)

var update = flag.Bool("update", false, "rewrite the golden emails in testdata")

// sampleHeader is a port-in email's header as the desk writes it: the team's emails and the
// carrier's order say nothing of why the recipient gets them.
func sampleHeader(tmpl string) notify.Header {
	toCustomer := tmpl != domain.EmailCarrierOrder && tmpl != domain.EmailStaffReminder && tmpl != domain.EmailReceivedTeam
	h := notify.PortInHeader("Infinity Telecom", 42, "https://portdesk.example/port-ins/42", toCustomer)
	h.Template, h.Recipient = tmpl, "Jane Doe"
	return h
}

func sampleMail(tmpl string) *notify.PortInMail {
	return &notify.PortInMail{Header: sampleHeader(tmpl), RequestID: 42, Customer: "Acme <Widgets> & Co",
		Losing: "BT", Numbers: 3, Status: "Submitted",
		Fixes:  []string{"The account number does not match the losing provider's records: copy it from the latest bill."},
		Reason: "Name differs from the bill", Note: "Please send a bill from the last 3 months.\nThanks!", NoteAuthor: "Porting team",
		FOC: "Tuesday 8 December 2026 at 10:00 GMT", Detail: "No FOC after 6 business days"}
}

func sampleCarrierOrder() *notify.CarrierOrderMail {
	return &notify.CarrierOrderMail{Header: sampleHeader(domain.EmailCarrierOrder), RequestID: 42, Customer: "Acme <Widgets> & Co", Numbers: 3,
		Lines: []string{"Customer: Acme <Widgets> & Co", "Account number: AC-1"}}
}

// Every template renders for a full mail; the output is kept in testdata for review, and
// HTML escapes what customers typed.
func TestComposeGolden(t *testing.T) {
	t.Parallel()
	ts, err := notify.LoadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	type golden struct {
		name string
		mail notify.Mail
	}
	var cases []golden
	for _, tmpl := range []string{domain.EmailReceived, domain.EmailReceivedTeam, domain.EmailActionRequired, domain.EmailInProgress,
		domain.EmailScheduled, domain.EmailCompleted, domain.EmailRejected, domain.EmailCancelled, domain.EmailNote, domain.EmailStaffReminder} {
		cases = append(cases, golden{tmpl, sampleMail(tmpl)})
	}
	cases = append(cases, golden{domain.EmailCarrierOrder, sampleCarrierOrder()})
	// A customer whose zone is not the carrier's reads both.
	pacific := sampleMail(domain.EmailScheduled)
	pacific.FOC, pacific.FOCCarrier = "Tuesday 8 December 2026 at 07:00 PST", "10:00 EST"
	cases = append(cases, golden{domain.EmailScheduled + "_customer_zone", pacific})
	for _, tc := range cases {
		tmpl := tc.name
		subject, text, html, err := ts.Compose(tc.mail)
		if err != nil {
			t.Fatalf("%s: %v", tmpl, err)
		}
		if strings.Contains(html, "Acme <Widgets>") || !strings.Contains(html, "Acme &lt;Widgets&gt; &amp; Co") {
			t.Errorf("%s: the customer's name is not escaped in HTML", tmpl)
		}
		checkGolden(t, tmpl, subject, text, html)
	}
	if _, _, _, err := ts.Compose(&notify.PortInMail{Header: notify.Header{Template: "nope"}}); err == nil {
		t.Error("an unknown template composed")
	}
	// The carrier's time is beside the customer's, in the body only.
	subject, text, html, _ := ts.Compose(pacific)
	const both = "Tuesday 8 December 2026 at 07:00 PST (10:00 EST, the carrier's time)"
	if !strings.Contains(text, both) || !strings.Contains(html, "07:00 PST</strong> (10:00 EST, the carrier's time)") || strings.Contains(subject, "EST") || !strings.Contains(subject, "07:00 PST") {
		t.Errorf("the customer's zone and the carrier's:\n%s\n%s\n%s", subject, text, html)
	}
	// What each must say.
	for tmpl, want := range map[string]string{
		domain.EmailScheduled:      "Keep your service with BT active until the port completes",
		domain.EmailActionRequired: "copy it from the latest bill",
		domain.EmailCompleted:      "SMS",
		domain.EmailNote:           "Please send a bill from the last 3 months.",
	} {
		_, text, _, _ := ts.Compose(sampleMail(tmpl))
		if !strings.Contains(text, want) {
			t.Errorf("%s does not say %q", tmpl, want)
		}
	}
}

func message() notify.Message {
	return notify.Message{ID: "<event-7.1@portdesk.example>", From: "Infinity Telecom <porting@infinity.example>", To: "jane@acme.example",
		Subject: "Port request 42 is scheduled", Text: "plain body", HTML: "<p>html body</p>",
		Attachments: []notify.Attachment{{Name: "port-42.ics", ContentType: "text/calendar", Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")}},
		Date:        time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)}
}

// A message goes over the wire to a real SMTP server with both bodies and the attachment.
func TestSMTPSends(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t)
	m, err := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Send(context.Background(), message()); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(1, 5*time.Second)
	if len(got) != 1 || got[0].From != "porting@infinity.example" || len(got[0].To) != 1 || got[0].To[0] != "jane@acme.example" {
		t.Fatalf("received %+v", got)
	}
	msg, err := got[0].Parse()
	if err != nil {
		t.Fatal(err)
	}
	if msg.Header.Get("Message-Id") != "<event-7.1@portdesk.example>" || msg.Header.Get("Subject") != "Port request 42 is scheduled" {
		t.Errorf("header: %v", msg.Header)
	}
	parts := walk(t, msg.Header.Get("Content-Type"), msg.Body)
	for _, want := range []string{"text/plain", "text/html", "text/calendar"} {
		if !strings.Contains(strings.Join(parts, " "), want) {
			t.Errorf("no %s part in %v", want, parts)
		}
	}

	// With TLS required (the default), a server that cannot do STARTTLS gets nothing.
	strict, _ := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port})
	if err := strict.Send(context.Background(), message()); err == nil {
		t.Error("sent without TLS when TLS was required")
	}
	if _, err := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, TLS: "sometimes"}); err == nil {
		t.Error("an unknown TLS mode was accepted")
	}
}

// walk lists the content types of a MIME tree.
func walk(t *testing.T, ct string, body io.Reader) []string {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(mt, "multipart/") {
		return []string{mt}
	}
	out := []string{mt}
	r := multipart.NewReader(body, params["boundary"])
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, walk(t, p.Header.Get("Content-Type"), p)...)
	}
}

// Without SMTP, messages land in the outbox; the same message written twice is one file.
func TestOutbox(t *testing.T) {
	t.Parallel()
	o := &notify.Outbox{Dir: filepath.Join(t.TempDir(), "mail")}
	ctx := context.Background()
	m := message()
	m.Subject = "Port request 42 – scheduled for Dienstag"
	must(t, o.Send(ctx, m))
	must(t, o.Send(ctx, m))
	other := message()
	other.ID, other.Date = "<event-8.1@portdesk.example>", other.Date.Add(time.Hour)
	must(t, o.Send(ctx, other))
	list, err := o.List(10)
	must(t, err)
	if len(list) != 2 || !strings.Contains(list[0].File, "event-8.1") || list[1].Subject != m.Subject || list[1].To != "<jane@acme.example>" {
		t.Fatalf("outbox: %+v", list)
	}
	rc, err := o.Open(list[1].File)
	must(t, err)
	raw, _ := io.ReadAll(rc)
	rc.Close()
	if !strings.Contains(string(raw), "text/calendar") {
		t.Error("the .eml lacks the attachment")
	}
	for _, bad := range []string{"../secret.eml", ".sending-1", "x.txt", "/etc/passwd"} {
		if _, err := o.Open(bad); err == nil {
			t.Errorf("opened %q", bad)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// checkGolden compares a composed email with testdata/name.golden, or rewrites it with -update.
func checkGolden(t *testing.T, name, subject, text, html string) {
	t.Helper()
	got := "Subject: " + subject + "\n\n" + text + "\n----\n" + html
	golden := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (run with -update and review):\n%s", name, golden, got)
	}
}
