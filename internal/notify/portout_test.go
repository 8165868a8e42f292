package notify_test

import (
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
)

func portOutMail(tmpl string) notify.PortOutMail {
	h := notify.PortOutHeader("Infinity Telecom", "Acme <Widgets> & Co", 7, "https://portdesk.example/port-outs/7", tmpl != domain.EmailPortOutAnnouncedTeam)
	h.Template, h.Recipient = tmpl, "Jane Doe"
	return notify.PortOutMail{Header: h, PortOutID: 7, Customer: "Acme <Widgets> & Co",
		Gaining: "Gamma", Numbers: 2, Status: "Pending", LockURL: "https://portdesk.example/settings/port-outs",
		Lines:  []string{"+441134960001", "+441134960002"},
		Checks: []string{"Port-out PIN: The PIN given is not the account's."},
		Reason: "The port-out PIN is missing or wrong: ask the end user for the PIN set on their account with us.\nCall us on 0113 496 0000.",
		Fixes:  []string{"The port-out PIN is missing or wrong: ask the end user for the PIN set on their account with us.", "Call us on 0113 496 0000."},
		Detail: "Authorized → Completed: 2 numbers released. Port-out fee GBP 30.00 charged for 2 numbers."}
}

// Every port-out email renders, says plainly what to do if the admin did not ask for it
// where the numbers have not moved, and is kept in testdata for review.
func TestComposePortOutGolden(t *testing.T) {
	t.Parallel()
	ts, err := notify.LoadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]notify.PortOutMail{}
	for _, tmpl := range []string{domain.EmailPortOutCreated, domain.EmailPortOutBlocked, domain.EmailPortOutAuthorized,
		domain.EmailPortOutRejected, domain.EmailPortOutCompleted, domain.EmailPortOutCancelled} {
		m := portOutMail(tmpl)
		if tmpl != domain.EmailPortOutCompleted {
			m.Detail = ""
		}
		cases[tmpl] = m
	}
	announced := portOutMail(domain.EmailPortOutCreated)
	announced.Announced, announced.Checks = true, nil
	announced.Detail = "Unless our porting team answers first, it will be authorized automatically on Thursday 26 November 2026 at 10:00 GMT, as your account's settings say."
	cases[domain.EmailPortOutCreated+"_announced"] = announced
	team := announced
	team.Header = notify.PortOutHeader("Infinity Telecom", "Acme <Widgets> & Co", 7, "https://portdesk.example/port-outs/7", false)
	team.Template, team.Recipient, team.Detail = domain.EmailPortOutAnnouncedTeam, "porting team", ""
	team.Checks = []string{"Port-out PIN: The account has a port-out PIN; none was given."}
	cases[domain.EmailPortOutAnnouncedTeam] = team
	for name, m := range cases {
		subject, text, html, err := ts.Compose(&m)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Contains(html, "Acme <Widgets>") || !strings.Contains(html, "Acme &lt;Widgets&gt; &amp; Co") {
			t.Errorf("%s: the account's name is not escaped in HTML", name)
		}
		if strings.Contains(text, "request 0") || strings.Contains(html, "request 0") {
			t.Errorf("%s: speaks of a port-in request", name)
		}
		switch m.Template {
		case domain.EmailPortOutCreated, domain.EmailPortOutAuthorized:
			if !strings.Contains(strings.ToLower(text), "if you did not ask for this") || !strings.Contains(text, m.LockURL) ||
				!strings.Contains(html, `href="`+m.LockURL+`"`) {
				t.Errorf("%s: no plain 'if you did not ask for this, lock now' with the link", name)
			}
		}
		checkGolden(t, name, subject, text, html)
	}
}

// The answer to the gaining provider names its reference and the end user as it gave them,
// says why in its words, and carries nothing of the account's side: no link into the desk, no
// lock, no "you are an admin".
func TestComposeGainingAnswerGolden(t *testing.T) {
	t.Parallel()
	ts, err := notify.LoadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	for _, tmpl := range []string{domain.EmailPortOutGainingAuthorized, domain.EmailPortOutGainingRejected} {
		m := &notify.GainingMail{Header: notify.Header{Template: tmpl, Operator: "Infinity Telecom", Recipient: "Gamma"}, PortOutID: 7, Gaining: "Gamma", Reference: "GAM-77",
			Customer: "ACME <WIDGETS> LIMITED", Numbers: 2, Lines: []string{"+441134960001", "+441134960002"}, FOC: "Tuesday 8 December 2026"}
		if tmpl == domain.EmailPortOutGainingRejected {
			m.Fixes = []string{"The port-out PIN is missing or wrong: ask the end user for the PIN set on their account with us.", "Call us on 0113 496 0000."}
		}
		subject, text, html, err := ts.Compose(m)
		if err != nil {
			t.Fatalf("%s: %v", tmpl, err)
		}
		if !strings.Contains(subject, "GAM-77") || !strings.Contains(html, "ACME &lt;WIDGETS&gt; LIMITED") {
			t.Errorf("%s: no reference in the subject, or the name is not escaped", tmpl)
		}
		for _, never := range []string{"settings/port-outs", "Open port-out", "admin of", "lock"} {
			if strings.Contains(text, never) || strings.Contains(html, never) {
				t.Errorf("%s: says %q to the gaining provider", tmpl, never)
			}
		}
		checkGolden(t, tmpl, subject, text, html)
	}
}
