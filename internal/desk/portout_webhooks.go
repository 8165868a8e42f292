package desk

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// recordPortOut writes a port-out's event in the caller's transaction (PortInID 0, so the
// port-in timelines never show it) and enqueues its email to the account's admins and its
// webhooks. released names the numbers a completion released.
func (s *Service) recordPortOut(ctx context.Context, tx domain.Tx, a domain.Actor, p domain.PortOut, e domain.Event, released []string) error {
	e.PortInID, e.PortOutID, e.AccountID = 0, p.ID, p.AccountID
	e.ActorID, e.ActorName, e.At = a.UserID, actorName(a), s.now()
	if err := tx.AddEvent(ctx, &e); err != nil {
		return err
	}
	if err := s.enqueuePortOutHooks(ctx, tx, p, e, released); err != nil {
		return err
	}
	if portOutTemplateFor(e) == "" {
		return nil
	}
	// The one email job, by event ID: DeliverEventEmails hands a port-out's event on.
	return tx.EnqueueJob(ctx, domain.Job{Kind: JobSendEventEmail, Args: EventEmailArgs{EventID: e.ID}})
}

// portOutHookTypes are the webhook events a port-out's audit event raises.
func portOutHookTypes(e domain.Event) []string {
	switch e.Type {
	case domain.EventPortOutCreated:
		if e.To == domain.Status(domain.PortOutRejected) {
			return []string{domain.HookPortOutCreated, domain.HookPortOutRejected} // locked: refused at once
		}
		return []string{domain.HookPortOutCreated}
	case domain.EventStatusChanged:
		switch domain.PortOutStatus(e.To) {
		case domain.PortOutAuthorized:
			return []string{domain.HookPortOutAuthorized}
		case domain.PortOutRejected:
			return []string{domain.HookPortOutRejected}
		case domain.PortOutCompleted:
			return []string{domain.HookPortOutCompleted, domain.HookNumberReleased}
		case domain.PortOutCancelled:
			return []string{domain.HookPortOutCancelled}
		}
	}
	return nil
}

type hookPortOut struct {
	ID               int64                 `json:"id"`
	AccountID        int64                 `json:"account_id"`
	Status           domain.PortOutStatus  `json:"status"`
	StatusReason     string                `json:"status_reason,omitempty"`
	Origin           domain.PortOutOrigin  `json:"origin"`
	GainingProvider  string                `json:"gaining_provider"`
	GainingReference string                `json:"gaining_reference,omitempty"`
	EndUserName      string                `json:"end_user_name,omitempty"`
	DesiredDate      string                `json:"desired_date,omitempty"`
	PINOutcome       domain.PINOutcome     `json:"pin_outcome"`
	Checks           []domain.PortOutCheck `json:"checks"`
	Rejections       []hookRejection       `json:"rejections,omitempty"`
	Numbers          []hookPortOutNumber   `json:"numbers"`
	AutoAuthorizeAt  *time.Time            `json:"auto_authorize_at,omitempty"`
	CreatedAt        time.Time             `json:"created_at"`
}

type hookPortOutNumber struct {
	Number  string                     `json:"number"`
	Status  domain.PortOutNumberStatus `json:"status"`
	Outcome domain.RejectionCode       `json:"outcome,omitempty"`
}

type hookPortOutPayload struct {
	Type      string          `json:"type"`
	Timestamp time.Time       `json:"timestamp"`
	Data      hookPortOutData `json:"data"`
}

type hookPortOutData struct {
	EventID int64       `json:"event_id"`
	PortOut hookPortOut `json:"port_out"`
	// Released names the numbers that left (number.released).
	Released []string `json:"released,omitempty"`
}

// enqueuePortOutHooks writes a pending delivery and its job for each endpoint of the account
// that wants the event, with the payload as things stand in this transaction.
func (s *Service) enqueuePortOutHooks(ctx context.Context, tx domain.Tx, p domain.PortOut, e domain.Event, released []string) error {
	types := portOutHookTypes(e)
	if len(types) == 0 {
		return nil
	}
	eps, err := tx.WebhookEndpoints(ctx, p.AccountID)
	if err != nil || len(eps) == 0 {
		return err
	}
	hp := hookPortOut{ID: p.ID, AccountID: p.AccountID, Status: p.Status, StatusReason: p.StatusReason, Origin: p.Origin,
		GainingProvider: p.GainingProvider, GainingReference: p.GainingReference, EndUserName: p.EndUserName, PINOutcome: p.PINOutcome,
		Checks: p.Checks, AutoAuthorizeAt: p.AutoAuthorizeAt, CreatedAt: p.CreatedAt, Numbers: []hookPortOutNumber{}}
	if hp.Checks == nil {
		hp.Checks = []domain.PortOutCheck{}
	}
	if p.DesiredDate != nil {
		hp.DesiredDate = p.DesiredDate.Format(time.DateOnly)
	}
	for _, r := range p.Rejections {
		hp.Rejections = append(hp.Rejections, hookRejection{Code: r.Code, Fix: r.ToGainingProvider()})
	}
	for _, n := range p.Numbers {
		hp.Numbers = append(hp.Numbers, hookPortOutNumber{Number: n.Number, Status: n.Status, Outcome: n.Outcome})
	}
	for i, typ := range types {
		data := hookPortOutData{EventID: e.ID, PortOut: hp}
		if typ == domain.HookNumberReleased {
			data.Released = released
			if data.Released == nil {
				data.Released = []string{}
			}
		}
		payload, err := json.Marshal(hookPortOutPayload{Type: typ, Timestamp: e.At, Data: data})
		if err != nil {
			return err
		}
		suffix := ""
		if i > 0 {
			// One event, two types: each its own message (…_released, …_rejected).
			suffix = "_" + typ[strings.IndexByte(typ, '.')+1:]
		}
		if err := s.addHookDeliveries(ctx, tx, eps, e, typ, suffix, payload); err != nil {
			return err
		}
	}
	return nil
}
