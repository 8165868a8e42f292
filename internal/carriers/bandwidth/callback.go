package bandwidth

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/xml"
	"net/http"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

// Bandwidth's callbacks carry no signature: a subscription is given basic-auth credentials
// (CallbackCredentials) that Bandwidth sends with each notification. We keep the user name
// (the carrier's webhook key) and the password (sealed); a call without both is not
// Bandwidth's. There is no timestamp to bound a replay, which is harmless here: a
// notification only names an order, which is then read from Bandwidth's API.

// Notification is the XML a subscription posts when an order changes or gets a note.
type Notification struct {
	XMLName         xml.Name `xml:"Notification"`
	SubscriptionID  string   `xml:"SubscriptionId"`
	OrderType       string   `xml:"OrderType"`
	OrderID         string   `xml:"OrderId"`
	CustomerOrderID string   `xml:"CustomerOrderId"`
	Status          string   `xml:"Status"`
	Message         string   `xml:"Message"`
	Note            string   `xml:"Note"`
	Completed       []string `xml:"CompletedTelephoneNumbers>TelephoneNumber"`
}

// Authorization is the header a callback made with these credentials carries.
func Authorization(user, password string) string {
	r, _ := http.NewRequest("POST", "/", nil)
	r.SetBasicAuth(user, password)
	return r.Header.Get("Authorization")
}

// Verify checks a callback's basic-auth credentials against the subscription's, in time
// that does not depend on where they differ.
func Verify(user, password string, header func(string) string) error {
	unauth := func(why string) error {
		return &domain.Error{Code: domain.ErrUnauthenticated, Message: "not a callback of Bandwidth's: " + why}
	}
	if user == "" || password == "" {
		// Nothing matches unset credentials; the caller is not told they are unset.
		return unauth("the credentials do not match")
	}
	r := http.Request{Header: http.Header{"Authorization": {header("Authorization")}}}
	gotUser, gotPW, ok := r.BasicAuth()
	if !ok {
		return unauth("no basic-auth credentials")
	}
	// Hashed first so the comparison takes the same time whatever the lengths.
	got := sha256.Sum256([]byte(gotUser + "\x00" + gotPW))
	want := sha256.Sum256([]byte(user + "\x00" + password))
	if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
		return unauth("the credentials do not match")
	}
	return nil
}

// ReadNotification reads a callback's body: the port-in order it names, or "" when it is
// about another kind of order.
func ReadNotification(body []byte) (string, error) {
	var n Notification
	if err := xml.Unmarshal(body, &n); err != nil {
		return "", &domain.Error{Code: domain.ErrInvalid, Message: "the callback is not a Bandwidth notification"}
	}
	// The reference lists the port-ins' order type as "portins"; its one example shows the
	// element without a real value, so "portin" is taken as well.
	t := strings.ToLower(strings.TrimSpace(n.OrderType))
	if t != "portins" && t != "portin" {
		return "", nil
	}
	return strings.TrimSpace(n.OrderID), nil
}

// Webhook verifies the callback and names the order it is about; the order is then read as
// Bandwidth has it now (a notification may come late or twice).
func (c *Connector) Webhook(_ context.Context, in domain.CarrierWebhook) ([]domain.CarrierUpdate, error) {
	if err := Verify(c.hookUser, c.hookPW, in.Header); err != nil {
		return nil, err
	}
	ref, err := ReadNotification(in.Body)
	if err != nil || ref == "" {
		return nil, err // not about a port-in: nothing to do
	}
	return []domain.CarrierUpdate{{Ref: ref}}, nil
}
