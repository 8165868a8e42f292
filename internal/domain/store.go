package domain

import (
	"context"
	"time"
)

// Store is PortDesk's persistence: one interface, two engines (SQLite and PostgreSQL), one
// conformance suite. Engines turn their driver errors into *Error: a missing row is
// ErrNotFound, a unique violation ErrConflict, a lost optimistic lock ErrStale.
type Store interface {
	Queries
	// InTx runs fn in one transaction. A state change, its audit event and the jobs it causes
	// commit together or not at all. fn's error rolls back and is returned as is.
	InTx(ctx context.Context, fn func(Tx) error) error
	Ping(ctx context.Context) error
	Close() error
	// ForgetNames drops the names a search looks among (customers' and losing providers')
	// that no request bears any more, so that a deleted draft's customer is not kept for its
	// name alone; it reports how many went.
	ForgetNames(ctx context.Context) (int64, error)
}

// Tx is a transaction: the queries plus what may only happen inside one.
type Tx interface {
	Queries
	// EnqueueJob inserts a background job that runs only if the transaction commits.
	EnqueueJob(ctx context.Context, job Job) error
}

// Job is background work. Kind names the worker; Args is JSON-encodable.
type Job struct {
	Kind        string
	Args        any
	ScheduledAt time.Time // zero: as soon as possible
	MaxAttempts int       // zero: the queue's default
	// Unique: a job of the same kind and arguments already queued, running or done is not
	// inserted again (a carrier's webhook delivered twice is taken once).
	Unique bool
}

// Queries are the reads and writes both engines implement.
type Queries interface {
	LedgerQueries
	PortOutQueries
	CarrierOrderQueries
	CarrierFactsQueries

	// Accounts.
	CreateAccount(ctx context.Context, a *Account) error // sets ID and CreatedAt
	// UpdateAccount writes an account's name, country and time zone (not its parent).
	UpdateAccount(ctx context.Context, a *Account) error
	Account(ctx context.Context, id int64) (Account, error)
	// AccountByName finds an account by name (case-insensitive) among parentID's children,
	// 0 meaning the top-level accounts: names are unique only among siblings.
	AccountByName(ctx context.Context, parentID int64, name string) (Account, error)
	// AccountSubtree returns id and the IDs of every account below it.
	AccountSubtree(ctx context.Context, id int64) ([]int64, error)
	// Accounts lists accounts by name; ids nil means all.
	Accounts(ctx context.Context, ids []int64) ([]Account, error)

	// Users.
	CreateUser(ctx context.Context, u *User) error // sets ID; conflict on a taken email
	User(ctx context.Context, id int64) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error) // case-insensitive
	// Users lists users; accountID 0 lists staff. Removed users are not listed.
	Users(ctx context.Context, accountID int64) ([]User, error)
	// SetUserDisabled disables a user at at, or enables one again with nil.
	SetUserDisabled(ctx context.Context, id int64, at *time.Time) error
	// RemoveUser marks a user removed (and disabled) at at, clears its password and frees its
	// email for a new user; a removed user is ErrNotFound.
	RemoveUser(ctx context.Context, id int64, at time.Time) error
	SetUserPassword(ctx context.Context, id int64, hash string) error

	// Access links: invitations and password resets, single use, kept by their token's hash.
	CreateAccessLink(ctx context.Context, l *AccessLink) error // sets ID
	AccessLink(ctx context.Context, id int64) (AccessLink, error)
	AccessLinkByHash(ctx context.Context, hash []byte) (AccessLink, error)
	// OpenInvitation is the newest invitation of email (lower-case) to the account, unused and
	// not expired at now; ErrNotFound when there is none.
	OpenInvitation(ctx context.Context, accountID int64, email string, now time.Time) (AccessLink, error)
	// SetAccessLinkToken gives an unused link a new token hash (the one last emailed).
	SetAccessLinkToken(ctx context.Context, id int64, hash []byte) error
	// UseAccessLink marks an unused link used; a used one is ErrConflict, so only one use wins.
	UseAccessLink(ctx context.Context, id int64, at time.Time) error
	// DeleteAccessLinks deletes the links that expired before before.
	DeleteAccessLinks(ctx context.Context, before time.Time) (int, error)

	// Sessions and API tokens.
	CreateSession(ctx context.Context, s Session) error
	Session(ctx context.Context, tokenHash []byte) (Session, error)
	// SessionUser is the session and its sign-in (SignIn), in one read (ErrNotFound if the
	// session or the user is missing).
	SessionUser(ctx context.Context, tokenHash []byte) (Session, SignIn, error)
	DeleteSession(ctx context.Context, tokenHash []byte) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)
	// TouchSession records that a session was used at at (for the idle timeout).
	TouchSession(ctx context.Context, tokenHash []byte, at time.Time) error
	// DeleteUserSessions ends every session of a user but the one with hash except (nil: all).
	DeleteUserSessions(ctx context.Context, userID int64, except []byte) (int, error)
	CreateAPIToken(ctx context.Context, t *APIToken) error // sets ID
	APITokenByHash(ctx context.Context, hash []byte) (APIToken, error)
	// APITokenUser is the token and its sign-in (SignIn: the user it acts as), in one read
	// (ErrNotFound if the token or the user is missing).
	APITokenUser(ctx context.Context, hash []byte) (APIToken, SignIn, error)
	APITokens(ctx context.Context, userID int64) ([]APIToken, error)
	RevokeAPIToken(ctx context.Context, userID, id int64, at time.Time) error
	// RevokeUserTokens revokes every token of a user not revoked yet.
	RevokeUserTokens(ctx context.Context, userID int64, at time.Time) (int, error)
	// AccountAPITokens lists the tokens of an account's users (removed users' too), by ID.
	AccountAPITokens(ctx context.Context, accountID int64) ([]APIToken, error)
	TouchAPIToken(ctx context.Context, id int64, at time.Time) error

	// Login throttling, shared by every replica. Keys are "email:…" and "ip:…".
	// ReserveLoginAttempt records one attempt at at under every key if each key has fewer
	// than its limit (limits[i] for keys[i]) attempts after since, and reports whether it
	// did; past a limit it records nothing. It is atomic across connections and replicas:
	// of parallel tries, no more than a limit's worth pass.
	ReserveLoginAttempt(ctx context.Context, keys []string, limits []int, since, at time.Time) (bool, error)
	// ReleaseLoginAttempt hands back one attempt reserved under key at at.
	ReleaseLoginAttempt(ctx context.Context, key string, at time.Time) error
	// ClearLoginAttempts forgets every attempt under key.
	ClearLoginAttempts(ctx context.Context, key string) error
	// DeleteLoginAttempts forgets attempts at or before before: housekeeping.
	DeleteLoginAttempts(ctx context.Context, before time.Time) (int, error)

	// Port-in requests.
	CreatePortIn(ctx context.Context, p *PortIn) error // sets ID, Version 1, timestamps
	PortIn(ctx context.Context, id int64) (PortIn, error)
	// PortInStamp is what a read of the request may be kept by (PortInStamp).
	PortInStamp(ctx context.Context, id int64) (PortInStamp, error)
	// UpdatePortIn writes every field of p if the stored version is still p.Version; it then
	// increments p.Version and sets p.UpdatedAt. A stale version is ErrStale.
	UpdatePortIn(ctx context.Context, p *PortIn) error
	ListPortIns(ctx context.Context, f PortInFilter) ([]PortInSummary, error)
	DeletePortIn(ctx context.Context, id int64) error // with its numbers and notes; events stay
	// StaleDrafts lists drafts not updated since before.
	StaleDrafts(ctx context.Context, before time.Time, limit int) ([]PortIn, error)

	// Numbers on a request. AddPortInNumbers is a bulk insert (up to 100,000 rows); a number
	// already on any open request is ErrConflict.
	AddPortInNumbers(ctx context.Context, portInID int64, ns []PortNumber) error
	RemovePortInNumber(ctx context.Context, portInID int64, number string) error
	PortInNumbers(ctx context.Context, portInID int64) ([]PortNumber, error)
	// PortInNumbersPage reads one page of a request's numbers in number order (keyset, so
	// a read costs a page whatever the request's size); CountPortInNumbers counts them. Both
	// take the status, when not empty, as a filter.
	PortInNumbersPage(ctx context.Context, portInID int64, f NumberPageFilter) ([]PortNumber, error)
	CountPortInNumbers(ctx context.Context, portInID int64, status NumberStatus) (int, error)
	// SetPortInNumberStatus sets every number of the request, but those set aside or ported,
	// to status; open says whether the numbers still count as held by an open port.
	SetPortInNumberStatus(ctx context.Context, portInID int64, status NumberStatus, open bool) error
	// MarkNumbersPorted completes some of a request's numbers (a partial completion) and
	// returns those it changed: numbers not on the request, set aside or ported already are not.
	MarkNumbersPorted(ctx context.Context, portInID int64, numbers []string) ([]string, error)
	// OpenPortsHolding maps each of numbers that sits on an open request to that request.
	OpenPortsHolding(ctx context.Context, numbers []string) (map[string]int64, error)

	// Inventory.
	CreateInventoryNumber(ctx context.Context, n *InventoryNumber) error // conflict on a duplicate number
	// ActivateInventoryNumber records a ported-in number in n.AccountID's inventory, taking
	// over any earlier entry of the number (released, or held by the account it left);
	// sets n.ID, and keeps the entry's first CreatedAt.
	ActivateInventoryNumber(ctx context.Context, n *InventoryNumber) error
	InventoryNumbers(ctx context.Context, f InventoryFilter) ([]InventoryNumber, error)
	// EnableInventorySMS turns SMS on for those of numbers that are active with SMS pending,
	// and returns them: the others were enabled already or have left.
	EnableInventorySMS(ctx context.Context, numbers []string, at time.Time) ([]string, error)
	// InventoryByNumbers maps each of numbers found in the inventory to its entry.
	InventoryByNumbers(ctx context.Context, numbers []string) (map[string]InventoryNumber, error)
	// ActiveReceivingNumbers maps each of numbers that is the receiving number of an active
	// tracking number of one of accountIDs to those tracking numbers.
	ActiveReceivingNumbers(ctx context.Context, accountIDs []int64, numbers []string) (map[string][]string, error)

	// Porting agreements: the losing providers the operator can port from.
	CreatePortingAgreement(ctx context.Context, a *PortingAgreement) error // sets ID
	UpdatePortingAgreement(ctx context.Context, a *PortingAgreement) error
	DeletePortingAgreement(ctx context.Context, id int64) error
	PortingAgreement(ctx context.Context, id int64) (PortingAgreement, error)
	PortingAgreements(ctx context.Context) ([]PortingAgreement, error) // by country, provider
	// PortingAgreementsVersion moves with every change to the agreements (on any replica):
	// what is worked out from them may be kept while it stands.
	PortingAgreementsVersion(ctx context.Context) (int64, error)

	// Audit of changes that are not to a request; newest first, subjects by prefix.
	AddAudit(ctx context.Context, e *AuditEntry) error // sets ID
	AuditLog(ctx context.Context, subjectPrefix string, limit int) ([]AuditEntry, error)

	// Operator settings, as JSON text by key (the price table). A missing key is ErrNotFound.
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string, at time.Time) error

	// MovePortInNumbers moves numbers from one request to another (a split into orders).
	MovePortInNumbers(ctx context.Context, from, to int64, numbers []string) error
	// SetAsideNumbers takes numbers out of a request's port: they get status, stop holding
	// the number, and carry reason among their warnings.
	SetAsideNumbers(ctx context.Context, portInID int64, numbers []string, status NumberStatus, reason string) error

	// Documents and LOA signatures.
	AddDocument(ctx context.Context, d *Document) error // sets ID
	Document(ctx context.Context, id int64) (Document, error)
	// Documents lists the documents of the requests, oldest first.
	Documents(ctx context.Context, portInIDs []int64) ([]Document, error)
	DeleteDocument(ctx context.Context, id int64) error
	AddLOASignature(ctx context.Context, s *LOASignature) error // sets ID
	// LOASignatures lists the signatures made on the requests, newest first.
	LOASignatures(ctx context.Context, portInIDs []int64) ([]LOASignature, error)
	// Signature requests: letters sent to be signed through a single-use link.
	CreateSignatureRequest(ctx context.Context, r *SignatureRequest) error // sets ID
	SignatureRequest(ctx context.Context, id int64) (SignatureRequest, error)
	SignatureRequestByHash(ctx context.Context, hash []byte) (SignatureRequest, error)
	// SignatureRequests lists the requests' signature requests, newest first.
	SignatureRequests(ctx context.Context, portInIDs []int64) ([]SignatureRequest, error)
	// SetSignatureRequestToken gives an open (unused, unrevoked) request a new token hash.
	SetSignatureRequestToken(ctx context.Context, id int64, hash []byte) error
	// RevokeSignatureRequest revokes an open request; a used or revoked one is ErrConflict.
	RevokeSignatureRequest(ctx context.Context, id int64, at time.Time) error
	// UseSignatureRequest marks an open request signed through with signatureID; a used or
	// revoked one is ErrConflict, so only one use wins.
	UseSignatureRequest(ctx context.Context, id, signatureID int64, at time.Time) error
	// ExpireSignatureRequests forgets the token of up to limit requests unused, unrevoked and
	// expired by now, and returns them: an expired link's token is kept nowhere.
	ExpireSignatureRequests(ctx context.Context, now time.Time, limit int) ([]SignatureRequest, error)
	// SetPAC stores the PAC of a request's order, replacing the one entered before.
	SetPAC(ctx context.Context, p PAC) error
	// DeletePAC takes a request's order's PAC away; none there is not an error.
	DeletePAC(ctx context.Context, portInID int64, orderKey string) error
	// PACs lists the PACs of the requests, the newest request's first.
	PACs(ctx context.Context, portInIDs []int64) ([]PAC, error)
	AddFrozenLetter(ctx context.Context, f *FrozenLetter) error // sets ID
	FrozenLetter(ctx context.Context, id int64) (FrozenLetter, error)
	// FrozenLetters lists the letters frozen for the requests, newest first.
	FrozenLetters(ctx context.Context, portInIDs []int64) ([]FrozenLetter, error)

	// Notes and events.
	AddNote(ctx context.Context, n *Note) error // sets ID
	Notes(ctx context.Context, portInID int64, includeInternal bool) ([]Note, error)
	AddEvent(ctx context.Context, e *StoredEvent) error // sets ID
	// Events is a subject's timeline, oldest first.
	Events(ctx context.Context, s Subject) ([]StoredEvent, error)
	Event(ctx context.Context, id int64) (StoredEvent, error)

	// Email deliveries. RecordEmailDelivery inserts the delivery of (EventID, Recipient) or,
	// when there is one, counts another attempt and overwrites its outcome; sets ID.
	RecordEmailDelivery(ctx context.Context, d *EmailDelivery) error
	EmailDeliveries(ctx context.Context, eventID int64) ([]EmailDelivery, error)
	// PortInEmailDeliveries lists a request's deliveries, newest first.
	PortInEmailDeliveries(ctx context.Context, portInID int64) ([]EmailDelivery, error)

	// Carriers the team sends orders to.
	CreateCarrier(ctx context.Context, c *Carrier) error // sets ID; conflict on a taken name
	Carrier(ctx context.Context, id int64) (Carrier, error)
	Carriers(ctx context.Context) ([]Carrier, error) // by name
	UpdateCarrier(ctx context.Context, c *Carrier) error
	DeleteCarrier(ctx context.Context, id int64) error

	// Webhook endpoints and their delivery log.
	CreateWebhookEndpoint(ctx context.Context, e *WebhookEndpoint) error // sets ID
	WebhookEndpoint(ctx context.Context, id int64) (WebhookEndpoint, error)
	WebhookEndpoints(ctx context.Context, accountID int64) ([]WebhookEndpoint, error)
	UpdateWebhookEndpoint(ctx context.Context, e *WebhookEndpoint) error
	DeleteWebhookEndpoint(ctx context.Context, id int64) error
	// AddWebhookDelivery inserts a pending delivery; one per event, type and endpoint (ErrConflict).
	AddWebhookDelivery(ctx context.Context, d *WebhookDelivery) error
	// RecordWebhookAttempt counts an attempt of a delivery and stores its outcome.
	RecordWebhookAttempt(ctx context.Context, id int64, status DeliveryStatus, code int, response string, at time.Time) error
	WebhookDelivery(ctx context.Context, id int64) (WebhookDelivery, error)
	// WebhookDeliveries lists an endpoint's deliveries, newest first, before the cursor ID (0: from the newest).
	WebhookDeliveries(ctx context.Context, endpointID, beforeID int64, limit int) ([]WebhookDelivery, error)
}

// PortInFilter selects requests for a list. Results are newest first (by ID, descending).
type PortInFilter struct {
	AccountIDs []int64  // nil: every account (staff)
	Statuses   []Status // empty: any
	// Number: E.164 (a number or BTN equal to it), or digits that begin a number or BTN as
	// typed (with country code, or national as NumberSearchPrefixes reads it) or end one.
	// Digits from a number's middle do not find it: every match is an index range.
	Number string
	// ID, with Number: the request with this ID, or one whose numbers match (a typed "123"
	// may be either).
	ID int64
	// Text: a case-insensitive part of the customer's name, the account's name or the
	// losing provider.
	Text     string
	ParentID int64 // only the orders a request was split into
	BeforeID int64 // cursor: only IDs below this
	// Assigned selects by agent: a user ID, or 0 for nobody; nil: anyone.
	Assigned *int64
	// OldestFirst lists by ID ascending (the queue's order), after AfterID.
	OldestFirst bool
	AfterID     int64
	Limit       int
	// Overdue, when set, keeps only the requests that may be overdue (the team's queue
	// filter): scheduled with a FOC before FOCBefore, or waiting for one (submitted, in
	// progress) since before SubmittedBefore. It is a bound the team's rule then refines.
	Overdue *OverdueCut
	// Brief reads only what a list shows or judges a row by: the ID, account, status,
	// version, losing provider, customer's name, billing address (the country of a request
	// without numbers), desired date, FOC, agent and times. The rest of each request is left
	// empty (decoding its JSON was most of a page's cost at 32 connections; reading each
	// column a third on SQLite).
	Brief bool
}

// OverdueCut bounds the requests that may be overdue, for a list to read from an index.
type OverdueCut struct {
	FOCBefore       time.Time
	SubmittedBefore time.Time
}

// InventoryFilter selects inventory numbers, ordered by ID ascending.
type InventoryFilter struct {
	AccountIDs []int64           // nil: every account
	Statuses   []InventoryStatus // empty: any
	Number     string            // E.164 or a digit fragment of the number or its receiving number
	AfterID    int64
	Limit      int
}
