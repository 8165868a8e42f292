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
)

// Event is one entry in a request's audit trail. Events outlive the request they describe
// (a deleted draft keeps its history).
type Event struct {
	ID       int64
	PortInID int64 // 0 on a port-out's events
	// PortOutID is the port-out the event is of, or 0 on a port-in's.
	PortOutID int64
	AccountID int64
	ActorID   int64 // 0 for the system (jobs)
	ActorName string
	Type      EventType
	From, To  Status // for status changes
	Reason    string
	// Detail is a short, human summary ("3 numbers added", "customer name changed").
	Detail string
	At     time.Time
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
