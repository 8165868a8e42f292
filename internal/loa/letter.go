package loa

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// Operator is who the letter authorises: the gaining provider running PortDesk.
type Operator struct {
	Name    string `json:"name"`
	Address string `json:"address"` // free text; new lines or commas separate its lines
	Logo    []byte `json:"-"`       // PNG or JPEG, optional; not what is signed
	// Fonts are extra TrueType fonts for characters the built-in DejaVu Sans lacks (Chinese,
	// Japanese, Thai, Indic scripts…), tried in order.
	Fonts [][]byte `json:"-"`
}

// Letter is everything a letter of authorisation shows, exactly as the customer entered it.
// As JSON it is what a frozen letter keeps of what it showed.
type Letter struct {
	Type                  domain.LOAType  `json:"type"`
	Operator              Operator        `json:"operator"`
	LosingProvider        string          `json:"losing_provider"`
	LosingProviderAddress string          `json:"losing_provider_address"`
	CustomerName          string          `json:"customer_name"`
	BillingAddress        domain.Address  `json:"billing_address"`
	ServiceAddress        *domain.Address `json:"service_address"` // nil: the same as the billing address
	AccountNumber         string          `json:"account_number"`
	BTN                   string          `json:"btn"` // BTN (US/CA) or main billing number (UK)
	PortType              domain.PortType `json:"port_type"`
	NewBTN                string          `json:"new_btn"` // a partial port that moves the BTN: the account's new one
	Numbers               []string        `json:"numbers"`
	AuthorisedPerson      domain.Person   `json:"authorised_person"`
	DesiredDate           string          `json:"desired_date"` // YYYY-MM-DD; empty: the earliest date
	RequestID             int64           `json:"request"`
	// UK letters: the range holder of the numbers when the range data knows it (the order
	// goes to it), and the installation per the losing provider's records.
	RangeHolder string          `json:"range_holder,omitempty"`
	LineType    domain.LineType `json:"line_type,omitempty"`
	// Order of Orders: a request made as several orders (one per range holder or losing
	// provider and letter type) has a letter per order, each listing only its numbers.
	// Orders is 0 or 1 for a request of one order.
	Order  int `json:"order,omitempty"`
	Orders int `json:"orders,omitempty"`
}

// UK reports whether the letter is one of the UK industry's (geographic or non-geographic).
func (l Letter) UK() bool {
	return l.Type == domain.LOAUKGeographic || l.Type == domain.LOAUKNonGeographic
}

// Split reports whether the letter is one of several orders of its request.
func (l Letter) Split() bool { return l.Orders > 1 }

// Signature is the evidence of an e-signature, printed on the certificate page.
type Signature struct {
	SignerName    string
	SignerTitle   string
	SignerEmail   string
	UserID        int64
	IP            string
	UserAgent     string
	SignedAt      time.Time
	ContentSHA256 string
	Drawn         []byte // PNG
	// Link is the emailed signature link it was signed through (its request's ID), or 0 when
	// a PortDesk user signed it.
	Link int64
}

// contentVersion changes when the meaning of Content's lines changes.
const contentVersion = "portdesk-loa/1"

// oneLine escapes a value onto one line, whatever it holds. One replacer for every line: a
// letter of 100,000 numbers built one per line, and a replacer costs kilobytes to build.
var oneLine = strings.NewReplacer("\\", "\\\\", "\n", "\\n", "\r", "\\r")

// Content is the letter's content as text, one field a line, in a fixed order: what the
// signer agrees to, and what ContentSHA256 hashes. It holds everything the letter shows,
// the wording included, and nothing it does not (the logo, the fonts, the layout), so a
// signature stays valid exactly as long as the letter says the same.
func Content(l Letter) []byte {
	var b strings.Builder
	line := func(k, v string) {
		v = oneLine.Replace(v)
		fmt.Fprintf(&b, "%s: %s\n", k, v)
	}
	w := wordingFor(l)
	line("version", contentVersion)
	line("type", string(l.Type))
	line("title", w.Title)
	line("request", fmt.Sprint(l.RequestID))
	line("operator.name", l.Operator.Name)
	line("operator.address", l.Operator.Address)
	line("losing_provider.name", l.LosingProvider)
	line("losing_provider.address", l.LosingProviderAddress)
	// Lines letters did not show before are written only for the letters that show them: the
	// hash of any other letter, and so its signature, stays as it was.
	if l.UK() {
		line("range_holder", l.RangeHolder)
	}
	line("customer.name", l.CustomerName)
	address(line, "billing_address", l.BillingAddress)
	if l.ServiceAddress != nil {
		address(line, "service_address", *l.ServiceAddress)
	} else {
		line("service_address", "same as billing address")
	}
	line("account_number", l.AccountNumber)
	line(w.BTNLabel, l.BTN)
	line("port_type", string(l.PortType))
	if l.UK() {
		line("line_type", string(l.LineType))
	}
	if l.Split() {
		line("order", fmt.Sprintf("%d of %d", l.Order, l.Orders))
	}
	line("new_btn", l.NewBTN)
	line("desired_date", l.DesiredDate)
	line("authorised_person.name", l.AuthorisedPerson.Name)
	line("authorised_person.title", l.AuthorisedPerson.Title)
	line("authorised_person.email", l.AuthorisedPerson.Email)
	line("numbers.count", fmt.Sprint(len(l.Numbers)))
	for _, n := range l.Numbers {
		line("number", n)
	}
	for _, p := range w.Authorisation {
		line("authorisation", p)
	}
	return []byte(b.String())
}

func address(line func(k, v string), k string, a domain.Address) {
	line(k+".line1", a.Line1)
	line(k+".line2", a.Line2)
	line(k+".city", a.City)
	line(k+".region", a.Region)
	line(k+".postcode", a.Postcode)
	line(k+".country", a.Country)
}

// ContentSHA256 is the hex SHA-256 of the letter's content.
func ContentSHA256(l Letter) string {
	sum := sha256.Sum256(Content(l))
	return hex.EncodeToString(sum[:])
}

// addressLines is an address as printed: its non-empty parts, city, region and postcode on
// one line as on an envelope.
func addressLines(a domain.Address) []string {
	var out []string
	for _, s := range []string{a.Line1, a.Line2} {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	var town []string
	for _, s := range []string{a.City, a.Region, a.Postcode} {
		if s = strings.TrimSpace(s); s != "" {
			town = append(town, s)
		}
	}
	if len(town) > 0 {
		out = append(out, strings.Join(town, " "))
	}
	if c := strings.TrimSpace(a.Country); c != "" {
		out = append(out, c)
	}
	return out
}
