package domain

import "time"

// Country is an ISO 3166-1 alpha-2 code. Accounts default to one of the three PortDesk ports in.
type Country string

const (
	CountryGB Country = "GB"
	CountryUS Country = "US"
	CountryCA Country = "CA"
)

// Currency is the ISO 4217 currency the country's customers are charged in.
func (c Country) Currency() string {
	switch c {
	case CountryUS:
		return "USD"
	case CountryCA:
		return "CAD"
	}
	return "GBP"
}

// AccountCountries are the default countries an account may have.
var AccountCountries = []Country{CountryGB, CountryUS, CountryCA}

// Account is a customer of the operator. Accounts form a tree: a sub-account's users are
// seen by the users of every account above it.
type Account struct {
	ID       int64
	ParentID int64 // 0 for a top-level account
	Name     string
	Country  Country // used to read national-format numbers
	// TimeZone is the IANA zone (America/Los_Angeles) the customer reads dates in: the FOC in
	// emails and on the request page. Empty: the country's porting zone.
	TimeZone  string
	CreatedAt time.Time
}

// Role is what a user may do. Staff roles belong to the operator's porting team.
type Role string

const (
	RoleMember Role = "member" // customer user
	RoleAdmin  Role = "admin"  // customer admin, or staff admin
	RoleAgent  Role = "agent"  // staff porting agent
)

// User is a person who logs in: a customer's user (AccountID set) or a staff member (Staff).
type User struct {
	ID           int64
	AccountID    int64 // 0 for staff
	Staff        bool
	Role         Role
	Email        string // stored lower-case
	Name         string
	PasswordHash string
	CreatedAt    time.Time
	// DisabledAt is set when an admin disabled the user: no sign-in, no session, no token.
	DisabledAt *time.Time
	// RemovedAt is set when an admin removed the user: disabled, out of the lists, the email
	// freed; the row stays so that history still names who acted.
	RemovedAt *time.Time
}

// Active says whether the user may act: neither disabled nor removed.
func (u User) Active() bool { return u.DisabledAt == nil && u.RemovedAt == nil }

// Actor is who is doing something: the authenticated user as the service sees it.
type Actor struct {
	UserID    int64
	AccountID int64
	Staff     bool
	Role      Role
	Name      string
	Email     string
	// Subtree is the actor's account and the accounts below it when read with the actor (an
	// API token's one read), so that its scope is not read again; nil: read when needed.
	Subtree *Subtree
	// Moment is when the actor's sign-in was read (SignIn.Moment); empty when not known.
	Moment Moment
}

// SignIn is one read of a session or an API token: its user, that user's account with its
// subtree (as AccountSubtree; nil for the porting team) and the moment of the read.
type SignIn struct {
	User    User
	Subtree *Subtree
	Moment  Moment
}

// Moment is what the database had committed when a read was made, where its engine can
// tell: two equal moments, neither empty, mean that nothing was committed between the two
// reads, on any connection or replica, so whatever was read after the first is what a read
// after the second would give. Empty: the engine could not tell, and no two are equal.
type Moment string

// Same reports whether nothing was committed between moments m and n.
func (m Moment) Same(n Moment) bool { return m != "" && m == n }

// Subtree is an account (Root) and every account below it (IDs, Root's among them, in
// order), as read at one time, with Root's own row. It is only read once read: a store may
// give the same one to every request of the same token.
type Subtree struct {
	Root int64
	IDs  []int64
	// ListVersions are IDs' accounts' list versions, in IDs' order, when read with them: each
	// moves with every write to one of the account's port-in requests and with its name or
	// country, so a list page of these accounts read at the same versions is the same page.
	ListVersions []int64
	Account      Account
}

// AccountFor is the row of account id when that is the root read with the subtree, so that a
// request in the actor's own account does not read it again.
func (t *Subtree) AccountFor(id int64) (Account, bool) {
	if t == nil || t.Account.ID == 0 || t.Account.ID != id {
		return Account{}, false
	}
	return t.Account, true
}

// Party returns the side of the state machine the actor stands on.
func (a Actor) Party() Party {
	if a.Staff {
		return PartyStaff
	}
	return PartyCustomer
}

// ActorOf turns a user into an actor.
func ActorOf(u User) Actor {
	return Actor{UserID: u.ID, AccountID: u.AccountID, Staff: u.Staff, Role: u.Role, Name: u.Name, Email: u.Email}
}

// Session is a logged-in browser. Only the hash of its token is stored.
type Session struct {
	TokenHash []byte
	UserID    int64
	CSRFToken string
	CreatedAt time.Time
	ExpiresAt time.Time
	// LastSeenAt is when the session was last used, to the minute: an idle session ends.
	LastSeenAt time.Time
}

// APIToken lets a program act as its user. Only the hash is stored; the token is shown once.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	Prefix     string // the first characters, so a user can tell tokens apart
	Hash       []byte
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// LinkPurpose is what an access link is for.
type LinkPurpose string

const (
	LinkInvitation    LinkPurpose = "invitation"     // join an account: set a password
	LinkPasswordReset LinkPurpose = "password_reset" // a forgotten password
)

// AccessLink is a single-use link emailed to someone: an invitation (to AccountID, as Role,
// named Name) or a password reset (of UserID). Only the hash of its token is stored.
type AccessLink struct {
	ID        int64
	Purpose   LinkPurpose
	Email     string
	UserID    int64 // the reset's user; an invitation's once accepted
	AccountID int64 // an invitation's account; 0 for staff
	Role      Role
	Name      string
	CreatedBy int64 // who invited; the user itself for a reset
	TokenHash []byte
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}
