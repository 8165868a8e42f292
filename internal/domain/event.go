package domain

import "time"

// EventType names what happened to a request; the timeline shows them in order.
type EventType string

const (
	EventCreated         EventType = "created"
	EventUpdated         EventType = "updated"
	EventNumbersAdded    EventType = "numbers_added"
	EventNumberRemoved   EventType = "number_removed"
	EventStatusChanged   EventType = "status_changed"
	EventNoteAdded       EventType = "note_added"
	EventAgreement       EventType = "agreement_accepted"
	EventDraftDeleted    EventType = "draft_deleted"
	EventNumberUpserted  EventType = "inventory_changed"
	EventQuoteAccepted   EventType = "quote_accepted"
	EventSplit           EventType = "split"     // a request became several orders
	EventSetAside        EventType = "set_aside" // numbers left out at submission
	EventDocumentAdded   EventType = "document_added"
	EventDocumentDeleted EventType = "document_deleted"
	EventLOASigned       EventType = "loa_signed"
	EventAssigned        EventType = "assigned"
	EventFOCChanged      EventType = "foc_changed" // a scheduled port's date moved
	EventSMSEnabled      EventType = "sms_enabled" // ported numbers now take texts
	EventSentToCarrier   EventType = "sent_to_carrier"
	EventReminder        EventType = "reminder"       // the team's, never shown to customers
	EventSupplemental    EventType = "supplemental"   // numbers or date changed after submission
	EventNumbersPorted   EventType = "numbers_ported" // some numbers completed, the rest still open
	// A letter's emailed signature link: sent (or sent again), revoked, or expired unused.
	EventSignatureSent    EventType = "signature_sent"
	EventSignatureRevoked EventType = "signature_revoked"
	EventSignatureExpired EventType = "signature_expired"
)

// SubjectKind names what a timeline is about.
type SubjectKind string

const (
	SubjectPortIn  SubjectKind = "port_in"
	SubjectPortOut SubjectKind = "port_out"
)

// Subject is the thing an event happened to: a port-in or a port-out, by ID.
type Subject struct {
	Kind SubjectKind
	ID   int64
}

// PortInSubject and PortOutSubject name a port-in and a port-out.
func PortInSubject(id int64) Subject  { return Subject{Kind: SubjectPortIn, ID: id} }
func PortOutSubject(id int64) Subject { return Subject{Kind: SubjectPortOut, ID: id} }

// Event is one entry in a subject's audit trail. S is the subject's own status type, so a
// port-out's event carries port-out statuses and a port-in's port-in statuses. Events
// outlive what they describe (a deleted draft keeps its history).
type Event[S ~string] struct {
	ID        int64
	Subject   Subject
	AccountID int64
	ActorID   int64 // 0 for the system (jobs)
	ActorName string
	Type      EventType
	From, To  S // for status changes
	Reason    string
	// Detail is a short, human summary ("3 numbers added", "customer name changed").
	Detail string
	At     time.Time
}

// PortInEvent and PortOutEvent are the events of each kind of subject.
type (
	PortInEvent  = Event[Status]
	PortOutEvent = Event[PortOutStatus]
)

// StoredEvent is an event as the store keeps it: its statuses as text, whatever its subject.
type StoredEvent = Event[string]

// Stored is the event as the store keeps it.
func (e Event[S]) Stored() StoredEvent {
	return StoredEvent{ID: e.ID, Subject: e.Subject, AccountID: e.AccountID, ActorID: e.ActorID, ActorName: e.ActorName,
		Type: e.Type, From: string(e.From), To: string(e.To), Reason: e.Reason, Detail: e.Detail, At: e.At}
}

// EventAs reads a stored event as an event of a subject whose statuses are S: the caller
// knows the subject's kind (it asked for that subject's events).
func EventAs[S ~string](e StoredEvent) Event[S] {
	return Event[S]{ID: e.ID, Subject: e.Subject, AccountID: e.AccountID, ActorID: e.ActorID, ActorName: e.ActorName,
		Type: e.Type, From: S(e.From), To: S(e.To), Reason: e.Reason, Detail: e.Detail, At: e.At}
}

// EventsAs reads a subject's stored timeline with its own status type.
func EventsAs[S ~string](es []StoredEvent) []Event[S] {
	out := make([]Event[S], len(es))
	for i, e := range es {
		out[i] = EventAs[S](e)
	}
	return out
}

// Note is a message on a request. Internal notes are the porting team's own and never shown
// to the customer.
type Note struct {
	ID         int64
	PortInID   int64
	AuthorID   int64
	AuthorName string
	Staff      bool // written by the porting team
	Internal   bool
	Body       string
	CreatedAt  time.Time
}

// Tracked is what the desk changes under an optimistic version and keeps a timeline of: a
// port-in or a port-out.
type Tracked interface {
	Subject() Subject
	Owner() int64    // the account it belongs to
	Revision() int64 // its version: every change increments it
}

func (p PortIn) Subject() Subject  { return PortInSubject(p.ID) }
func (p PortIn) Owner() int64      { return p.AccountID }
func (p PortIn) Revision() int64   { return p.Version }
func (p PortOut) Subject() Subject { return PortOutSubject(p.ID) }
func (p PortOut) Owner() int64     { return p.AccountID }
func (p PortOut) Revision() int64  { return p.Version }
