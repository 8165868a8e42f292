// Package bandwidthtest is a fake of Bandwidth's Numbers API port-ins for tests: it keeps
// port-in orders in memory under one account, checks the XML it is sent as Bandwidth's
// reference describes it (paths, elements, statuses, basic auth), and can be told to raise an
// exception, set a FOC, complete an order, write a note, or fail the next calls with 429 or
// 500. It posts notifications with the subscription's basic-auth credentials, as Bandwidth
// does.
package bandwidthtest

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/carriers/bandwidth"
	"github.com/portdesk/portdesk/internal/carriers/carrierstest"
)

// Order is a port-in as the fake keeps it.
type Order struct {
	ID, CustomerOrderID, Status string
	Numbers                     []string // ten digits, as sent
	BTN, NewBTN                 string
	Partial                     bool
	Subscriber                  bandwidth.Subscriber
	AuthorisedPerson            string
	AccountNumber, PIN          string
	SiteID, PeerID              string
	RequestedFOC, ActualFOC     string
	Errors                      []Error
	Documents                   map[string]int // documentType → files
	Notes                       []bandwidth.Note
	Submits                     int // times sent from DRAFT to be worked
	Supps                       int // changes after it was submitted
}

// Error is one of an order's errors.
type Error struct {
	Code        string `xml:"Code"`
	Description string `xml:"Description"`
}

// Server is the fake.
type Server struct {
	*httptest.Server
	carrierstest.Faults    // the failures it is told to answer with
	Account, Site          string
	User, Password         string // the API user's
	HookUser, HookPassword string // the subscription's callback credentials
	HookClient             *http.Client
	now                    func() time.Time
	mu                     sync.Mutex
	orders                 map[string]*Order
	order                  []string
	seq                    int
	problems               []string
}

// New starts a fake on loopback for account 9900000, site 1234, on the clock now.
func New(t testing.TB, now func() time.Time) *Server {
	t.Helper()
	s := &Server{Account: "9900000", Site: "1234", User: "portdesk-api", Password: "s3cret:with colon", HookUser: "bw-callbacks",
		HookPassword: "hook-pass-123", now: now, orders: map[string]*Order{}, HookClient: &http.Client{Timeout: 5 * time.Second}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// APIURL is the base address a carrier is pointed at (the account's path is added to it).
func (s *Server) APIURL() string { return s.URL + "/api" }

// Credentials are the API key a carrier is given: user:password.
func (s *Server) Credentials() string { return s.User + ":" + s.Password }

// Prefix is the start of every path of the account, for FailOn and LoseAnswerOn.
func (s *Server) Prefix() string { return "/api/accounts/" + s.Account }

// Orders are the orders made, oldest first.
func (s *Server) Orders() []Order {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Order
	for _, id := range s.order {
		out = append(out, *s.orders[id])
	}
	return out
}

// Problems are what the fake was sent that Bandwidth would refuse or that breaks its rules.
func (s *Server) Problems() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.problems...)
}

// Raise puts an order in EXCEPTION with a code and its words.
func (s *Server) Raise(id, code, words string) {
	s.set(id, func(o *Order) { o.Status, o.Errors = "EXCEPTION", []Error{{code, words}} })
}

// SetFOC commits the order's date.
func (s *Server) SetFOC(id string, foc time.Time) {
	s.set(id, func(o *Order) { o.Status, o.ActualFOC, o.Errors = "FOC", foc.UTC().Format(time.RFC3339), nil })
}

// Complete ports the order.
func (s *Server) Complete(id string) { s.set(id, func(o *Order) { o.Status = "COMPLETE" }) }

// Note adds a note from Bandwidth's LNP team.
func (s *Server) Note(id, body string) {
	s.set(id, func(o *Order) {
		s.seq++
		o.Notes = append(o.Notes, bandwidth.Note{ID: fmt.Sprint(100000 + s.seq), UserID: "lnp-team", Description: body,
			LastDateModifier: s.now().UTC().Format("2006-01-02T15:04:05.000Z")})
	})
}

func (s *Server) set(id string, fn func(*Order)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		panic("bandwidthtest: no order " + id)
	}
	fn(o)
}

// Notification is the XML Bandwidth posts about an order's new status.
func (s *Server) Notification(id string) []byte {
	s.mu.Lock()
	o := *s.orders[id]
	s.mu.Unlock()
	b, _ := xml.Marshal(bandwidth.Notification{SubscriptionID: "sub-1", OrderType: "portins", OrderID: o.ID,
		CustomerOrderID: o.CustomerOrderID, Status: o.Status})
	return append([]byte(xml.Header), b...)
}

// Notify posts the order's notification to url with the subscription's credentials.
func (s *Server) Notify(url, id string) (int, error) {
	return s.NotifyAs(url, id, s.HookUser, s.HookPassword)
}

// NotifyAs posts the order's notification with other credentials (to test the check).
func (s *Server) NotifyAs(url, id, user, password string) (int, error) {
	req, err := http.NewRequest("POST", url, bytes.NewReader(s.Notification(id)))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/xml; charset=utf-8")
	if user != "" || password != "" {
		req.SetBasicAuth(user, password)
	}
	resp, err := s.HookClient.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

var (
	tenDigits  = regexp.MustCompile(`^[2-9][0-9]{2}[2-9][0-9]{6}$`)
	customerID = regexp.MustCompile(`^[A-Za-z0-9 -]{1,40}$`)
	orderPath  = regexp.MustCompile(`^/api/accounts/([^/]+)/portins/([^/]+)(/.*)?$`)
	docTypes   = map[string]bool{"LOA": true, "INVOICE": true, "CSR": true, "OTHER": true}
	fileTypes  = map[string]bool{"application/pdf": true, "text/plain": true, "image/jpeg": true, "image/tiff": true, "text/csv": true,
		"application/xml": true, "audio/x-wav": true, "application/zip": true}
)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, p, ok := r.BasicAuth(); !ok || u != s.User || p != s.Password {
		writeErr(w, 401, "1001", "Authentication failed")
		return
	}
	if status, carryOut, ok := s.Take(r); ok {
		if carryOut {
			s.route(httptest.NewRecorder(), r)
		}
		writeErr(w, status, "7999", "An internal error has occurred")
		return
	}
	s.route(w, r)
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	list := s.Prefix() + "/portins"
	switch {
	case r.URL.Path == list && r.Method == "GET":
		s.search(w, r)
	case r.URL.Path == list && r.Method == "POST":
		s.create(w, r)
	default:
		m := orderPath.FindStringSubmatch(r.URL.Path)
		if m == nil || m[1] != s.Account {
			writeErr(w, 404, "404", "Resource not found")
			return
		}
		o, ok := s.orders[m[2]]
		if !ok {
			writeErr(w, 404, "7310", "Order not found")
			return
		}
		s.onOrder(w, r, o, r.Method+" "+m[3])
	}
}

// search answers the orders of a customerOrderId, as an LNPResponseWrapper; page and size
// are required, as Bandwidth's searches page.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("page") == "" || q.Get("size") == "" {
		s.problems = append(s.problems, "a search without page and size")
	}
	type item struct {
		OrderID          string `xml:"OrderId"`
		CustomerOrderID  string `xml:"CustomerOrderId"`
		OrderType        string `xml:"OrderType"`
		ProcessingStatus string `xml:"ProcessingStatus"`
	}
	out := struct {
		XMLName    xml.Name `xml:"LNPResponseWrapper"`
		TotalCount int      `xml:"TotalCount"`
		Items      []item   `xml:"lnpPortInfoForGivenStatus"`
	}{}
	for _, id := range s.order {
		if o := s.orders[id]; q.Get("customerOrderId") == "" || o.CustomerOrderID == q.Get("customerOrderId") {
			out.Items = append(out.Items, item{o.ID, o.CustomerOrderID, "port_in", o.Status})
		}
	}
	out.TotalCount = len(out.Items)
	if out.TotalCount == 0 {
		writeXML(w, 200, struct {
			XMLName    xml.Name `xml:"LNPResponseWrapper"`
			TotalCount int      `xml:"TotalCount"`
		}{})
		return
	}
	writeXML(w, 200, out)
}

// decode reads the body as XML whose root is root, refusing elements it does not know.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, root string, v any) bool {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/xml") {
		writeErr(w, 415, "415", "send XML")
		return false
	}
	data, _ := io.ReadAll(r.Body)
	var probe struct{ XMLName xml.Name }
	if err := xml.Unmarshal(data, &probe); err != nil || probe.XMLName.Local != root {
		writeErr(w, 400, "400", "the body is not an "+root)
		return false
	}
	if unknown := unknownElements(data); len(unknown) > 0 {
		writeErr(w, 400, "400", "unknown elements: "+strings.Join(unknown, ", "))
		return false
	}
	if err := xml.Unmarshal(data, v); err != nil {
		writeErr(w, 400, "400", "not XML: "+err.Error())
		return false
	}
	return true
}

// known are the elements of an LnpOrder, a supp and a note we accept.
var known = map[string]bool{"LnpOrder": true, "LnpOrderSupp": true, "CustomerOrderId": true, "BillingTelephoneNumber": true,
	"NewBillingTelephoneNumber": true, "Subscriber": true, "SubscriberType": true, "BusinessName": true, "FirstName": true, "LastName": true,
	"ServiceAddress": true, "HouseNumber": true, "StreetName": true, "AddressLine2": true, "City": true, "StateCode": true, "Zip": true,
	"Country": true, "LoaAuthorizingPerson": true, "WirelessInfo": true, "AccountNumber": true, "PinNumber": true,
	"ListOfPhoneNumbers": true, "PhoneNumber": true, "SiteId": true, "PeerId": true, "PartialPort": true, "RequestedFocDate": true,
	"ProcessingStatus": true, "Note": true, "UserId": true, "Description": true}

func unknownElements(data []byte) []string {
	var out []string
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		if se, ok := tok.(xml.StartElement); ok && !known[se.Name.Local] {
			out = append(out, se.Name.Local)
		}
	}
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	var in bandwidth.LnpOrder
	if !s.decode(w, r, "LnpOrder", &in) {
		return
	}
	if in.ListOfPhoneNumbers == nil || len(in.ListOfPhoneNumbers.PhoneNumber) == 0 {
		writeErr(w, 400, "7301", "ListOfPhoneNumbers is required")
		return
	}
	for _, n := range in.ListOfPhoneNumbers.PhoneNumber {
		if !tenDigits.MatchString(n) {
			writeErr(w, 400, "7201", "Telephone number is invalid: "+n)
			return
		}
		for _, id := range s.order {
			if o := s.orders[id]; o.Status != "CANCELLED" && o.Status != "COMPLETE" && contains(o.Numbers, n) {
				writeErr(w, 400, "7205", "Telephone number is already being processed on another order")
				return
			}
		}
	}
	if in.CustomerOrderID != "" && !customerID.MatchString(in.CustomerOrderID) {
		writeErr(w, 400, "7330", "CustomerOrderId allows letters, digits, spaces and dashes, up to 40")
		return
	}
	if in.SiteID != s.Site {
		writeErr(w, 400, "7330", "SiteId is not a site of the account")
		return
	}
	s.seq++
	o := &Order{ID: fmt.Sprintf("%08x-0000-4000-8000-%012d", s.seq, s.seq), Status: "DRAFT", Documents: map[string]int{}}
	if msg := s.apply(o, in); msg != "" {
		writeErr(w, 400, "7330", msg)
		return
	}
	o.Numbers = in.ListOfPhoneNumbers.PhoneNumber
	if in.ProcessingStatus != "DRAFT" {
		s.problems = append(s.problems, "an order made to be worked at once, before its letter was attached")
		o.Status = "PENDING_DOCUMENTS"
	}
	s.orders[o.ID] = o
	s.order = append(s.order, o.ID)
	writeXML(w, 201, view(o))
}

// apply writes the elements a body names on the order, as a supp does.
func (s *Server) apply(o *Order, in bandwidth.LnpOrder) string {
	for _, n := range []string{in.BillingTelephoneNumber, in.NewBillingTelephoneNumber} {
		if n != "" && !tenDigits.MatchString(n) {
			return "a billing telephone number is not ten digits: " + n
		}
	}
	if in.RequestedFocDate != "" {
		if _, err := time.Parse(time.RFC3339, in.RequestedFocDate); err != nil {
			return "RequestedFocDate is not ISO 8601: " + in.RequestedFocDate
		}
		o.RequestedFOC = in.RequestedFocDate
	}
	if sub := in.Subscriber; sub != nil {
		switch sub.SubscriberType {
		case "BUSINESS", "RESIDENTIAL":
		default:
			return "SubscriberType is BUSINESS or RESIDENTIAL"
		}
		o.Subscriber = *sub
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&o.CustomerOrderID, in.CustomerOrderID)
	set(&o.BTN, in.BillingTelephoneNumber)
	set(&o.NewBTN, in.NewBillingTelephoneNumber)
	set(&o.AuthorisedPerson, in.LoaAuthorizingPerson)
	set(&o.SiteID, in.SiteID)
	set(&o.PeerID, in.PeerID)
	if wi := in.WirelessInfo; wi != nil {
		set(&o.AccountNumber, wi.AccountNumber)
		set(&o.PIN, wi.PinNumber)
	}
	if in.PartialPort != nil {
		o.Partial = *in.PartialPort
	}
	return ""
}

// missing is what an order still lacks to be worked.
func missing(o *Order) []string {
	var out []string
	sub := o.Subscriber
	if sub.BusinessName == "" && sub.LastName == "" {
		out = append(out, "Subscriber name")
	}
	if a := sub.ServiceAddress; a == nil || a.HouseNumber == "" || a.StreetName == "" || a.City == "" || a.StateCode == "" || a.Zip == "" {
		out = append(out, "ServiceAddress")
	}
	if o.AuthorisedPerson == "" {
		out = append(out, "LoaAuthorizingPerson")
	}
	if o.BTN == "" {
		out = append(out, "BillingTelephoneNumber")
	}
	if o.AccountNumber == "" {
		out = append(out, "AccountNumber")
	}
	if o.Partial && o.NewBTN == "" {
		out = append(out, "NewBillingTelephoneNumber")
	}
	return out
}

func (s *Server) onOrder(w http.ResponseWriter, r *http.Request, o *Order, op string) {
	switch op {
	case "GET ":
		writeXML(w, 200, view(o))
	case "PUT ":
		var in bandwidth.LnpOrder
		if !s.decode(w, r, "LnpOrderSupp", &in) {
			return
		}
		switch o.Status {
		case "COMPLETE", "CANCELLED", "REQUESTED_CANCEL":
			writeErr(w, 400, "7350", "the order is "+o.Status+": it cannot be changed")
			return
		}
		if in.ListOfPhoneNumbers != nil && o.Status != "DRAFT" {
			writeErr(w, 400, "7351", "the numbers of a submitted order cannot be changed")
			return
		}
		if in.ProcessingStatus != "" && (in.ProcessingStatus != "SUBMITTED" || o.Status != "DRAFT") {
			writeErr(w, 400, "7352", "ProcessingStatus may be set to SUBMITTED only from DRAFT")
			return
		}
		if msg := s.apply(o, in); msg != "" {
			writeErr(w, 400, "7330", msg)
			return
		}
		switch {
		case in.ProcessingStatus == "SUBMITTED":
			if m := missing(o); len(m) > 0 {
				writeErr(w, 400, "7330", "missing: "+strings.Join(m, ", "))
				return
			}
			o.Status, o.Submits = "SUBMITTED", o.Submits+1
			if o.Documents["LOA"] == 0 {
				o.Status = "PENDING_DOCUMENTS"
				s.problems = append(s.problems, "submitted without a letter of authorisation")
			}
		case o.Status == "EXCEPTION":
			o.Status, o.Errors, o.Supps = "REQUESTED_SUPP", nil, o.Supps+1
		case o.Status != "DRAFT":
			o.Supps++
		}
		writeXML(w, 200, view(o))
	case "DELETE ":
		if o.Status == "COMPLETE" || o.Status == "CANCELLED" {
			writeErr(w, 400, "7360", "the order is "+o.Status)
			return
		}
		o.Status = "CANCELLED"
		w.WriteHeader(200)
	case "POST /loas":
		kind := r.URL.Query().Get("documentType")
		ct := r.Header.Get("Content-Type")
		data, _ := io.ReadAll(r.Body)
		if !docTypes[kind] {
			writeErr(w, 400, "400", "Supported values for documentType are: LOA, INVOICE, CSR, or OTHER.")
			return
		}
		if !fileTypes[ct] {
			writeErr(w, 415, "415", "unsupported file type "+ct)
			return
		}
		if len(data) == 0 || (ct == "application/pdf" && !bytes.HasPrefix(data, []byte("%PDF"))) {
			s.problems = append(s.problems, kind+" file is empty or not what it says")
		}
		o.Documents[kind]++
		s.seq++
		writeXML(w, 200, struct {
			XMLName       xml.Name `xml:"fileUploadResponse"`
			Filename      string   `xml:"filename"`
			ResultCode    int      `xml:"resultCode"`
			ResultMessage string   `xml:"resultMessage"`
		}{Filename: fmt.Sprintf("%s-%d.pdf", o.ID, s.seq), ResultMessage: "LOA file uploaded successfully"})
	case "GET /notes":
		writeXML(w, 200, struct {
			XMLName xml.Name         `xml:"Notes"`
			Notes   []bandwidth.Note `xml:"Note"`
		}{Notes: o.Notes})
	case "POST /notes":
		var in bandwidth.Note
		if !s.decode(w, r, "Note", &in) {
			return
		}
		if strings.TrimSpace(in.Description) == "" || in.UserID == "" {
			writeErr(w, 400, "400", "a note needs UserId and Description")
			return
		}
		s.seq++
		in.ID, in.LastDateModifier = fmt.Sprint(100000+s.seq), s.now().UTC().Format("2006-01-02T15:04:05.000Z")
		o.Notes = append(o.Notes, in)
		w.WriteHeader(201)
	default:
		writeErr(w, 404, "404", "Resource not found")
	}
}

// view is an order as Bandwidth answers it.
func view(o *Order) any {
	type errs struct {
		Code        string `xml:"Code"`
		Description string `xml:"Description"`
	}
	sub := o.Subscriber
	return struct {
		XMLName                   xml.Name              `xml:"LnpOrderResponse"`
		OrderID                   string                `xml:"OrderId"`
		Errors                    []errs                `xml:"Errors"`
		ProcessingStatus          string                `xml:"ProcessingStatus"`
		CustomerOrderID           string                `xml:"CustomerOrderId,omitempty"`
		LoaAuthorizingPerson      string                `xml:"LoaAuthorizingPerson,omitempty"`
		Subscriber                *bandwidth.Subscriber `xml:"Subscriber,omitempty"`
		BillingTelephoneNumber    string                `xml:"BillingTelephoneNumber,omitempty"`
		NewBillingTelephoneNumber string                `xml:"NewBillingTelephoneNumber,omitempty"`
		ListOfPhoneNumbers        bandwidth.PhoneNumbers
		RequestedFocDate          string `xml:"RequestedFocDate,omitempty"`
		ActualFocDate             string `xml:"ActualFocDate,omitempty"`
		SiteID                    string `xml:"SiteId"`
		PeerID                    string `xml:"PeerId,omitempty"`
		Triggered                 bool   `xml:"Triggered"`
		BillingType               string `xml:"BillingType"`
	}{OrderID: o.ID, Errors: func() []errs {
		var out []errs
		for _, e := range o.Errors {
			out = append(out, errs(e))
		}
		return out
	}(), ProcessingStatus: o.Status, CustomerOrderID: o.CustomerOrderID, LoaAuthorizingPerson: o.AuthorisedPerson, Subscriber: &sub,
		BillingTelephoneNumber: o.BTN, NewBillingTelephoneNumber: o.NewBTN, ListOfPhoneNumbers: bandwidth.PhoneNumbers{PhoneNumber: o.Numbers},
		RequestedFocDate: o.RequestedFOC, ActualFocDate: o.ActualFOC, SiteID: o.SiteID, PeerID: o.PeerID, BillingType: "PORTIN"}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func writeXML(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, xml.Header)
	_ = xml.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, status int, code, words string) {
	writeXML(w, status, struct {
		XMLName xml.Name `xml:"LnpOrderResponse"`
		Errors  Error    `xml:"Errors"`
	}{Errors: Error{code, words}})
}
