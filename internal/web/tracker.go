package web

import (
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// tracker is a submitted request's way to its port: the stages, where it is, where the
// porting team asked for a fix, when it will port and who acts next.
type tracker struct {
	Stages []trackStage
	FOC    string // in the account's time zone, with the carrier's beside it when it differs
	Next   string // one sentence: what happens next and who acts
}

type trackStage struct {
	Label   string
	Done    bool
	Current bool
	Action  bool // the porting team sent it back to the customer from here
	At      *time.Time
}

var trackOrder = []domain.Status{domain.StatusSubmitted, domain.StatusInProgress, domain.StatusScheduled, domain.StatusCompleted}

// trackerOf reads the stages from the request's status and its events (newest first); nil
// for a request not on its way (a draft, a cancelled, rejected or split one).
func trackerOf(v portin.View, events []domain.PortInEvent) *tracker {
	st := v.Status
	at := st
	if st == domain.StatusActionRequired {
		// The fix was asked for from the stage it was in: the newest move into action required.
		at = domain.StatusSubmitted
		for _, e := range events {
			if e.To == domain.StatusActionRequired && e.From != "" {
				at = e.From
				break
			}
		}
	}
	pos := -1
	for i, s := range trackOrder {
		if s == at {
			pos = i
		}
	}
	if pos < 0 {
		return nil
	}
	t := &tracker{}
	for i, s := range trackOrder {
		g := trackStage{Label: s.Label(), Done: i < pos || (i == pos && st == domain.StatusCompleted), Current: i == pos}
		if i == pos && st == domain.StatusActionRequired {
			g.Action, g.Label = true, s.Label()+": action required"
		}
		for _, e := range events {
			if e.To == s && (e.From != s) {
				at := e.At
				g.At = &at
				break
			}
		}
		if i > pos {
			g.At = nil // a stage passed before a supplemental order sent the request back
		}
		t.Stages = append(t.Stages, g)
	}
	if v.FOC != nil {
		t.FOC = desk.OrderFOC(*v.FOC, v.Account, v.Country).String()
	}
	provider := v.LosingProvider
	if provider == "" {
		provider = "the losing provider"
	}
	switch st {
	case domain.StatusSubmitted:
		t.Next = "The porting team checks the request and sends the order to " + provider + ": nothing for you to do now; we email you when it moves."
	case domain.StatusInProgress:
		t.Next = "The order is with " + provider + ": the porting team waits for their port date (FOC) and emails you when it is set."
	case domain.StatusScheduled:
		t.Next = "The numbers move on the port date: keep your service with " + provider + " active until then; the porting team completes the port."
	case domain.StatusActionRequired:
		t.Next = "You act next: put right what the porting team asked for below, then resubmit."
	case domain.StatusCompleted:
		t.Next = "The port is complete: the numbers are live with us, and nothing is left to do."
	}
	return t
}
