// Package bandwidth is the connector to Bandwidth's Numbers API port-ins (LNP orders): XML
// over HTTP with basic auth, every path under the carrier's account. An order is made as a
// draft with all our details, its letter and bill attached, then submitted; it is read,
// changed (a "supp"), cancelled and talked on through its notes, and Bandwidth's callbacks
// (subscriptions posting XML notifications with the basic-auth credentials set on the
// subscription) are checked and read. It imports nothing of ours but domain.
package bandwidth

import (
	"bytes"
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"

	"github.com/portdesk/portdesk/internal/carriers"
	"github.com/portdesk/portdesk/internal/domain"
)

// DefaultURL is Bandwidth's Numbers (Dashboard) API, used when the carrier names no other.
const DefaultURL = "https://dashboard.bandwidth.com/api"

// Connector drives one Bandwidth account.
type Connector struct {
	base     string // up to and including /accounts/{accountId}
	user, pw string // the API user's credentials
	site     string
	peer     string
	hookUser string // the callbacks' basic-auth credentials, as set on the subscription
	hookPW   string
	api      *carriers.Client
	clock    domain.Clock
}

// New is the domain.ConnectorFactory of Bandwidth carriers: the API key is "user:password"
// of a Bandwidth API user; the carrier names the account and site (sub-account), and may
// name a SIP peer (location; Bandwidth takes the site's default when none is).
func New(cfg domain.ConnectorConfig) (domain.Connector, error) {
	user, pw, ok := strings.Cut(cfg.APIKey, ":")
	if !ok || user == "" || pw == "" {
		return nil, &domain.Error{Code: domain.ErrInvalid, Message: "the Bandwidth credentials are not user:password",
			Fields: []domain.FieldError{{Field: "api_key", Code: "invalid", Message: "Paste the Bandwidth API user's name and password as user:password."}}}
	}
	c := cfg.Carrier
	if c.AccountID == "" || c.SiteID == "" {
		return nil, &domain.Error{Code: domain.ErrInvalid, Message: "a Bandwidth carrier needs its account id and site id",
			Fields: []domain.FieldError{{Field: "account_id", Code: "required", Message: "Give the Bandwidth account id and the site (sub-account) id the numbers go to."}}}
	}
	base := strings.TrimRight(c.APIURL, "/")
	if base == "" {
		base = DefaultURL
	}
	account := "/accounts/" + url.PathEscape(c.AccountID)
	api := carriers.NewClient(carriers.Client{Name: "Bandwidth", Base: base + account, Logged: account, Accept: "application/xml",
		Auth:    func(r *http.Request) { r.SetBasicAuth(user, pw) },
		Decode:  decodeXML,
		Refusal: refusal,
	}, cfg)
	return &Connector{api: api, user: user, site: c.SiteID, peer: c.PeerID, hookUser: c.WebhookKey, hookPW: cfg.WebhookSecret,
		clock: api.Clock}, nil
}

// decodeXML reads an answer; an empty one (a change acknowledged) leaves out as it is.
func decodeXML(data []byte, out any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	return xml.Unmarshal(data, out)
}

// codeWords is one error as Bandwidth writes it. The reference shows errors in more than one
// shape (<Errors><Code/><Description/></Errors> on an order, <ErrorList><Error>… in some
// answers, <ResponseStatus><ErrorCode/>… in others) without saying which a refused call
// answers with, so all three are read.
type codeWords struct {
	Code        string `xml:"Code"`
	ErrorCode   string `xml:"ErrorCode"`
	Description string `xml:"Description"`
}

func (e codeWords) code() string {
	return strings.TrimSpace(e.Code + e.ErrorCode)
}

type apiErrors struct {
	Errors         []codeWords `xml:"Errors"`
	ErrorList      []codeWords `xml:"ErrorList>Error"`
	ResponseStatus []codeWords `xml:"ResponseStatus"`
}

func (a apiErrors) all() []codeWords {
	var out []codeWords
	for _, e := range append(append(append([]codeWords{}, a.Errors...), a.ErrorList...), a.ResponseStatus...) {
		if e.code() != "" || strings.TrimSpace(e.Description) != "" {
			out = append(out, e)
		}
	}
	return out
}

// xmlCall sends in as XML.
func (c *Connector) xmlCall(ctx context.Context, op, method, path string, in, out any) error {
	if in == nil {
		return c.api.Call(ctx, op, method, path, "", nil, out)
	}
	b, err := xml.Marshal(in)
	if err != nil {
		return err
	}
	return c.api.Call(ctx, op, method, path, "application/xml; charset=utf-8", append([]byte(xml.Header), b...), out)
}

// refusal reads Bandwidth's codes and words from a refused call's body.
func refusal(body []byte) string {
	var ae apiErrors
	_ = xml.Unmarshal(body, &ae) // no error body: the status says it
	var said []string
	for _, e := range ae.all() {
		said = append(said, carriers.Said(e.code(), e.Description))
	}
	return strings.Join(said, "; ")
}

var _ domain.Connector = (*Connector)(nil)
