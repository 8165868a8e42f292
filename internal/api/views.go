package api

import (
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// The JSON shapes of the API. The PIN has no field here: it is write-only by construction.

type portInJSON struct {
	ID                    int64                   `json:"id"`
	AccountID             int64                   `json:"account_id"`
	ParentID              *int64                  `json:"parent_id"`
	QuoteAcceptance       *domain.QuoteAcceptance `json:"quote_acceptance"`
	Status                domain.Status           `json:"status"`
	StatusReason          string                  `json:"status_reason"`
	Version               int64                   `json:"version"`
	LosingProvider        string                  `json:"losing_provider"`
	LosingProviderAddress string                  `json:"losing_provider_address"`
	CustomerName          string                  `json:"customer_name"`
	CustomerType          domain.CustomerType     `json:"customer_type"`
	AuthorisedPerson      domain.Person           `json:"authorised_person"`
	BillingAddress        domain.Address          `json:"billing_address"`
	ServiceAddress        *domain.Address         `json:"service_address"`
	AccountNumber         string                  `json:"account_number"`
	PINSet                bool                    `json:"pin_set"`
	BTN                   string                  `json:"btn"`
	PortType              domain.PortType         `json:"port_type"`
	LineType              domain.LineType         `json:"line_type"`
	DDI                   domain.DDIRange         `json:"ddi"`
	NewBTN                string                  `json:"new_btn"`
	DesiredDate           *string                 `json:"desired_date"`
	Recipients            []string                `json:"recipients"`
	Agreements            []domain.Acceptance     `json:"agreements"`
	// Numbers is the first page of the request's numbers; NumbersCount counts them all and
	// GET …/numbers reads the rest from NumbersNextCursor.
	Numbers           []numberJSON        `json:"numbers,omitempty"`
	NumbersCount      *int                `json:"numbers_count,omitempty"`
	NumbersNextCursor string              `json:"numbers_next_cursor,omitempty"`
	Missing           []domain.FieldError `json:"missing,omitempty"`
	Ported            []portedJSON        `json:"ported,omitempty"`
	Allowed           []domain.Status     `json:"allowed_transitions"`
	CreatedAt         time.Time           `json:"created_at"`
	UpdatedAt         time.Time           `json:"updated_at"`
	SubmittedAt       *time.Time          `json:"submitted_at"`
	// Rejections are why the request was sent back, each with its plain fix.
	Rejections []rejectionJSON `json:"rejections"`
	FOC        *time.Time      `json:"foc"`
	AssignedTo int64           `json:"assigned_to"`
	// PAC is the PAC of the request's UK mobile order, once entered.
	PAC *pacJSON `json:"pac,omitempty"`
}

type pacJSON struct {
	Order     string    `json:"order"`
	Code      string    `json:"code"`
	ExpiresOn string    `json:"expires_on"`
	EnteredAt time.Time `json:"entered_at"`
}

// portedJSON is numbers that went live together: when, who completed them, and how.
type portedJSON struct {
	At      time.Time `json:"at"`
	By      string    `json:"by"`
	How     string    `json:"how"`
	Numbers []string  `json:"numbers"`
}

type rejectionJSON struct {
	Code domain.RejectionCode `json:"code"`
	Note string               `json:"note"`
	Fix  string               `json:"fix"`
}

type numberJSON struct {
	Number          string              `json:"number"`
	ReceivingNumber string              `json:"receiving_number"`
	TrackingSource  string              `json:"tracking_source"`
	Status          domain.NumberStatus `json:"status"`
	Warnings        []string            `json:"warnings"`
	// SMS is set once the port completed: "pending" means SMS is not supported on the number yet.
	SMS domain.SMSStatus `json:"sms,omitempty"`
}

func dateString(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

func portInView(p domain.PortIn, party domain.Party) portInJSON {
	v := portInJSON{
		ID: p.ID, AccountID: p.AccountID, Status: p.Status, StatusReason: p.StatusReason, Version: p.Version,
		LosingProvider: p.LosingProvider, LosingProviderAddress: p.LosingProviderAddress, CustomerName: p.CustomerName,
		CustomerType: p.CustomerType, AuthorisedPerson: p.AuthorisedPerson, BillingAddress: p.BillingAddress,
		ServiceAddress: p.ServiceAddress, AccountNumber: p.AccountNumber, PINSet: p.PINSet(), BTN: p.BTN,
		PortType: p.PortType, LineType: p.LineType, DDI: p.DDI, NewBTN: p.NewBTN, DesiredDate: dateString(p.DesiredDate), Recipients: p.Recipients,
		Agreements: p.Acceptances, Allowed: portin.Moves(p.Status, party), FOC: p.FOC, AssignedTo: p.AssignedTo, Rejections: []rejectionJSON{},
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, SubmittedAt: p.SubmittedAt,
	}
	for _, r := range p.Rejections {
		v.Rejections = append(v.Rejections, rejectionJSON{Code: r.Code, Note: r.Note, Fix: r.Fix(p)})
	}
	if p.ParentID != 0 {
		id := p.ParentID
		v.ParentID = &id
	}
	v.QuoteAcceptance = p.QuoteAcceptance
	if v.Recipients == nil {
		v.Recipients = []string{}
	}
	if v.Agreements == nil {
		v.Agreements = []domain.Acceptance{}
	}
	if v.Allowed == nil {
		v.Allowed = []domain.Status{}
	}
	return v
}

func portInFull(pv portin.View, party domain.Party) portInJSON {
	v := portInView(pv.PortIn, party)
	v.Numbers = numbersView(pv.Numbers, pv.SMS)
	count := pv.NumberCount
	v.NumbersCount, v.NumbersNextCursor = &count, pv.NextCursor
	v.Missing = pv.Missing
	if pc := pv.PAC; pc != nil {
		v.PAC = &pacJSON{Order: pc.OrderKey, Code: pc.Code, ExpiresOn: pc.ExpiresOn.Format(time.DateOnly), EnteredAt: pc.EnteredAt}
	}
	for _, b := range pv.Ported {
		v.Ported = append(v.Ported, portedJSON{At: b.At, By: b.By, How: b.How, Numbers: b.Numbers})
	}
	return v
}

func numbersView(ns []domain.PortNumber, sms map[string]domain.SMSStatus) []numberJSON {
	out := make([]numberJSON, len(ns))
	for i, n := range ns {
		w := n.Warnings
		if w == nil {
			w = []string{}
		}
		out[i] = numberJSON{Number: n.Number, ReceivingNumber: n.ReceivingNumber, TrackingSource: n.TrackingSource, Status: n.Status, Warnings: w, SMS: sms[n.Number]}
	}
	return out
}

// numberListJSON is one page of a request's numbers and how many there are.
type numberListJSON struct {
	Data       []numberJSON `json:"data"`
	Count      int          `json:"count"`
	NextCursor string       `json:"next_cursor,omitempty"`
}

type summaryJSON struct {
	ID             int64         `json:"id"`
	AccountID      int64         `json:"account_id"`
	AccountName    string        `json:"account_name"`
	Status         domain.Status `json:"status"`
	Version        int64         `json:"version"`
	LosingProvider string        `json:"losing_provider"`
	CustomerName   string        `json:"customer_name"`
	NumberCount    int           `json:"number_count"`
	NoteCount      int           `json:"note_count"`
	FirstNumber    string        `json:"first_number"`
	DesiredDate    *string       `json:"desired_date"`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`
}

type noteJSON struct {
	ID         int64     `json:"id"`
	AuthorName string    `json:"author_name"`
	Staff      bool      `json:"staff"`
	Internal   bool      `json:"internal"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

func noteView(n domain.Note) noteJSON {
	return noteJSON{ID: n.ID, AuthorName: n.AuthorName, Staff: n.Staff, Internal: n.Internal, Body: n.Body, CreatedAt: n.CreatedAt}
}

type eventJSON struct {
	ID        int64            `json:"id"`
	Type      domain.EventType `json:"type"`
	From      string           `json:"from,omitempty"` // the subject's own statuses: a port-in's or a port-out's
	To        string           `json:"to,omitempty"`
	Reason    string           `json:"reason,omitempty"`
	Detail    string           `json:"detail"`
	ActorName string           `json:"actor_name"`
	At        time.Time        `json:"at"`
}

// eventView is an event of a port-in or a port-out, as the timeline shows it.
func eventView[S ~string](e domain.Event[S]) eventJSON {
	return eventJSON{ID: e.ID, Type: e.Type, From: string(e.From), To: string(e.To), Reason: e.Reason, Detail: e.Detail, ActorName: e.ActorName, At: e.At}
}

type accountJSON struct {
	ID       int64          `json:"id"`
	ParentID *int64         `json:"parent_id"`
	Name     string         `json:"name"`
	Country  domain.Country `json:"country"`
	// TimeZone is where the account's users read dates: its own zone, or the country's
	// porting zone when none was set.
	TimeZone  string    `json:"time_zone"`
	CreatedAt time.Time `json:"created_at"`
}

func accountView(a domain.Account) accountJSON {
	v := accountJSON{ID: a.ID, Name: a.Name, Country: a.Country, TimeZone: desk.AccountZone(a).String(), CreatedAt: a.CreatedAt}
	if a.ParentID != 0 {
		v.ParentID = &a.ParentID
	}
	return v
}

type userJSON struct {
	ID        int64       `json:"id"`
	AccountID *int64      `json:"account_id"`
	Staff     bool        `json:"staff"`
	Role      domain.Role `json:"role"`
	Email     string      `json:"email"`
	Name      string      `json:"name"`
	CreatedAt time.Time   `json:"created_at"`
	// DisabledAt is when an admin disabled the user; absent for an active one.
	DisabledAt *time.Time `json:"disabled_at,omitempty"`
}

func userView(u domain.User) userJSON {
	v := userJSON{ID: u.ID, Staff: u.Staff, Role: u.Role, Email: u.Email, Name: u.Name, CreatedAt: u.CreatedAt, DisabledAt: u.DisabledAt}
	if u.AccountID != 0 {
		v.AccountID = &u.AccountID
	}
	return v
}

type tokenJSON struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	Token      string     `json:"token,omitempty"`   // only in the answer that creates it
	UserID     int64      `json:"user_id,omitempty"` // in an account's list
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

func tokenView(t domain.APIToken) tokenJSON {
	return tokenJSON{ID: t.ID, Name: t.Name, Prefix: t.Prefix, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt, RevokedAt: t.RevokedAt}
}

type inventoryJSON struct {
	ID              int64                  `json:"id"`
	AccountID       int64                  `json:"account_id"`
	Number          string                 `json:"number"`
	Status          domain.InventoryStatus `json:"status"`
	ReceivingNumber string                 `json:"receiving_number"`
	TrackingSource  string                 `json:"tracking_source"`
	SMS             domain.SMSStatus       `json:"sms"`
	CreatedAt       time.Time              `json:"created_at"`
	UpdatedAt       time.Time              `json:"updated_at"`
}

type listJSON[T any] struct {
	Data       []T    `json:"data"`
	NextCursor string `json:"next_cursor,omitempty"`
}

func mapList[A, B any](xs []A, f func(A) B) []B {
	out := make([]B, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}
