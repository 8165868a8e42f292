package desk

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
)

// portOutTemplateFor is the email a port-out's event sends the account's admins, if any.
func portOutTemplateFor(e domain.Event) string {
	switch e.Type {
	case domain.EventPortOutCreated:
		if e.To == domain.Status(domain.PortOutRejected) {
			return domain.EmailPortOutBlocked
		}
		return domain.EmailPortOutCreated
	case domain.EventStatusChanged:
		switch domain.PortOutStatus(e.To) {
		case domain.PortOutAuthorized:
			return domain.EmailPortOutAuthorized
		case domain.PortOutRejected:
			return domain.EmailPortOutRejected
		case domain.PortOutCompleted:
			return domain.EmailPortOutCompleted
		case domain.PortOutCancelled:
			return domain.EmailPortOutCancelled
		}
	}
	return ""
}

// portOutRecipients are the admins of the account, each once: those who can lock it. An
// account without an admin of its own is told through the nearest account above that has one.
func (s *Service) portOutRecipients(ctx context.Context, accountID int64) ([]recipient, error) {
	for id := accountID; id != 0; {
		us, err := s.store.Users(ctx, id)
		if err != nil {
			return nil, err
		}
		var out []recipient
		for _, u := range us {
			if u.Role == domain.RoleAdmin && !u.Staff {
				out = append(out, recipient{email: strings.ToLower(u.Email), name: u.Name})
			}
		}
		if len(out) > 0 {
			return out, nil
		}
		acc, err := s.store.Account(ctx, id)
		if err != nil {
			return nil, err
		}
		id = acc.ParentID
	}
	return nil, nil
}

// deliverPortOutEmails sends a port-out event's email to each admin not yet sent to, recording
// every try as port-in emails are (by event and recipient, the same Message-ID each time).
func (s *Service) deliverPortOutEmails(ctx context.Context, e domain.Event) error {
	tmpl := portOutTemplateFor(e)
	if tmpl == "" {
		return nil
	}
	p, err := s.store.PortOut(ctx, e.PortOutID)
	if domain.IsCode(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	acc, err := s.store.Account(ctx, p.AccountID)
	if err != nil {
		return err
	}
	m := notify.Mail{Template: tmpl, Operator: s.cfg.Operator.Name, PortOutID: p.ID, Customer: acc.Name, Gaining: p.GainingProvider,
		Numbers: len(p.Numbers), Status: p.Status.Label(), Reason: e.Reason, Detail: e.Detail, URL: s.link(fmt.Sprintf("/port-outs/%d", p.ID)), LockURL: s.link(fmt.Sprintf("/settings/port-outs?account=%d", p.AccountID)),
		Announced: p.Origin == domain.PortOutAnnounced}
	for _, n := range p.Numbers {
		m.Lines = append(m.Lines, n.Number)
	}
	if tmpl == domain.EmailPortOutRejected && e.Reason != "" {
		m.Fixes = strings.Split(e.Reason, "\n")
	}
	if tmpl == domain.EmailPortOutCreated || tmpl == domain.EmailPortOutBlocked {
		for _, c := range p.Checks {
			if !c.Passed {
				m.Checks = append(m.Checks, c.Check.Label()+": "+c.Detail)
			}
		}
		if p.AutoAuthorizeAt != nil {
			m.Detail = "Unless our porting team answers first, it will be authorized automatically on " + FormatFOC(*p.AutoAuthorizeAt, string(acc.Country)) + ", as your account's settings say."
		} else {
			m.Detail = ""
		}
	}
	rs, err := s.portOutRecipients(ctx, p.AccountID)
	if err != nil {
		return err
	}
	sends := make([]mailing, len(rs))
	for i, r := range rs {
		sends[i] = mailing{r, tmpl}
	}
	if tmpl == domain.EmailPortOutCreated && p.Origin == domain.PortOutAnnounced && s.cfg.TeamEmail != "" {
		// The team entered a gaining provider's request itself; an announcement it has to hear of.
		sends = append(sends, mailing{recipient{email: strings.ToLower(s.cfg.TeamEmail), name: "porting team"}, domain.EmailPortOutAnnouncedTeam})
	}
	err = s.sendOnce(ctx, e, 0, m, sends, nil)
	if g := gainingTemplateFor(tmpl); g != "" && p.GainingEmail != "" {
		err = errors.Join(err, s.sendOnce(ctx, e, 0, s.gainingMail(g, p, e), []mailing{{recipient{email: strings.ToLower(p.GainingEmail), name: p.GainingProvider}, g}}, nil))
	}
	return err
}

// gainingTemplateFor is the answer a port-out's admin email means for the gaining provider.
func gainingTemplateFor(tmpl string) string {
	switch tmpl {
	case domain.EmailPortOutAuthorized:
		return domain.EmailPortOutGainingAuthorized
	case domain.EmailPortOutRejected, domain.EmailPortOutBlocked:
		return domain.EmailPortOutGainingRejected
	}
	return ""
}

// gainingMail is the answer to the gaining provider: its own reference, the end user's name
// and the numbers as it sent them, and for a rejection what it was told. It is built apart
// from the admins' mail, which holds the account's records and the team's reasons.
func (s *Service) gainingMail(tmpl string, p domain.PortOut, e domain.Event) notify.Mail {
	m := notify.Mail{Template: tmpl, Operator: s.cfg.Operator.Name, PortOutID: p.ID, Gaining: p.GainingProvider, Reference: p.GainingReference,
		Customer: orDefault(p.EndUserName, "your end user"), Numbers: len(p.Numbers), Status: p.Status.Label()}
	for _, n := range p.Numbers {
		m.Lines = append(m.Lines, n.Number)
	}
	if p.DesiredDate != nil {
		m.FOC = p.DesiredDate.Format("Monday 2 January 2006")
	}
	if tmpl == domain.EmailPortOutGainingRejected && e.Reason != "" {
		m.Fixes = strings.Split(e.Reason, "\n") // the codes in the gaining provider's words, then the team's note to it
	}
	return m
}
