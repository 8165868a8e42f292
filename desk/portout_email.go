package desk

import (
	"context"
	"fmt"
	"strings"

	"github.com/portdesk/portdesk/domain"
	"github.com/portdesk/portdesk/notify"
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
		Numbers: len(p.Numbers), Status: p.Status.Label(), Reason: e.Reason, Detail: e.Detail, URL: s.link(fmt.Sprintf("/port-outs/%d", p.ID)), LockURL: s.link("/settings/port-outs"),
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
	return s.sendOnce(ctx, e, 0, m, sends, nil)
}
