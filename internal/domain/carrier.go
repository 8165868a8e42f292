package domain

import (
	"slices"
	"time"
)

// CarrierKind is how orders reach a carrier: by email to its porting desk, or through its
// porting API by a connector.
type CarrierKind string

const (
	CarrierByEmail   CarrierKind = "email"
	CarrierTelnyx    CarrierKind = "telnyx"
	CarrierBandwidth CarrierKind = "bandwidth"
)

// ByAPI reports whether orders to this kind of carrier go through a connector.
func (k CarrierKind) ByAPI() bool { return k != "" && k != CarrierByEmail }

// Carrier is an upstream porting desk the team sends orders to: by email, with the order
// package (signed LOA, bill, numbers, summary), or through its porting API.
type Carrier struct {
	ID         int64
	Name       string
	Email      string   // its porting desk's address
	Countries  []string // ISO codes it takes ports from; empty: any
	Categories []string // number categories it takes (geographic, freephone…); empty: any
	Kind       CarrierKind
	// APIURL is the connector's base address (empty: the carrier's public one); a test points
	// it at a fake carrier.
	APIURL string
	// WebhookKey is what the carrier's webhooks are verified with (a public key for Telnyx,
	// the callbacks' user name for Bandwidth): not a secret, shown to the team so they can
	// check it.
	WebhookKey string
	// CredentialsSealed is the API key (Bandwidth: "user:password"), sealed like a PIN: never
	// returned, only replaced.
	CredentialsSealed []byte
	CredentialsSetAt  *time.Time
	// WebhookSecretSealed is the secret half of the webhooks' check where the carrier has one
	// (Bandwidth: the callbacks' password), sealed and set like the key.
	WebhookSecretSealed []byte
	WebhookSecretSetAt  *time.Time
	// AccountID, SiteID and PeerID name where a carrier that keeps several accounts puts the
	// numbers (Bandwidth: the account, its site or sub-account, and the SIP peer or
	// location); empty where the carrier has no such thing.
	AccountID string
	SiteID    string
	PeerID    string
	// AutoSend: a request submitted for the carrier's countries goes to it by API at once,
	// without waiting for the team.
	AutoSend  bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Takes reports whether the carrier takes numbers of a country and category.
func (c Carrier) Takes(country, category string) bool {
	return (len(c.Countries) == 0 || slices.Contains(c.Countries, country)) &&
		(len(c.Categories) == 0 || slices.Contains(c.Categories, category))
}
