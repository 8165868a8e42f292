package notify_test

import (
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
)

// Every email that counts numbers says "1 number" and "3 numbers", never "number(s)".
func TestComposeCountsReadRight(t *testing.T) {
	t.Parallel()
	ts, err := notify.LoadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	var mails []notify.Mail
	for _, tmpl := range []string{domain.EmailPortOutCreated, domain.EmailPortOutAuthorized, domain.EmailPortOutRejected, domain.EmailPortOutCompleted,
		domain.EmailPortOutCancelled, domain.EmailPortOutBlocked, domain.EmailPortOutAnnouncedTeam} {
		m := portOutMail(tmpl)
		m.Numbers = 1
		mails = append(mails, &m)
	}
	for _, tmpl := range []string{domain.EmailReceived, domain.EmailReceivedTeam, domain.EmailStaffReminder} {
		m := sampleMail(tmpl)
		m.Numbers = 1
		mails = append(mails, m)
	}
	for _, m := range mails {
		subject, text, html, err := ts.Compose(m)
		if err != nil {
			t.Fatal(err)
		}
		all := subject + "\n" + text + "\n" + html
		if strings.Contains(all, "(s)") || strings.Contains(all, "1 numbers") || !strings.Contains(all, "1 number") {
			t.Errorf("%s:\n%s", notify.Head(m).Template, all)
		}
	}
}
