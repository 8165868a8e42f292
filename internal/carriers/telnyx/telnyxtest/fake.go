// Package telnyxtest is a fake Telnyx porting API for tests: it keeps porting orders in
// memory, checks what it is sent as Telnyx's reference describes it (paths, fields,
// statuses), and can be told to raise an exception, confirm a FOC, split an order, port it,
// or fail the next calls with 429 or 500. It signs the webhooks it sends as Telnyx does.
package telnyxtest

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/carriers/carrierstest"
	"github.com/portdesk/portdesk/internal/carriers/telnyx"
)

// Order is a porting order as the fake keeps it.
type Order struct {
	ID, Reference, Status string
	Numbers               []string
	Details               []Detail
	EndUser               map[string]map[string]string
	Misc                  map[string]string
	LOA, Invoice          string
	FOCRequested          *time.Time
	FOCActual             *time.Time
	Comments              []Comment
	Confirms              int // times submitted
}

// Detail is an exception's code and words.
type Detail struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

// Comment is a comment on an order.
type Comment struct {
	ID        string    `json:"id"`
	Body      string    `json:"body"`
	UserType  string    `json:"user_type"`
	CreatedAt time.Time `json:"created_at"`
}

// Server is the fake.
type Server struct {
	*httptest.Server
	carrierstest.Faults // the failures it is told to answer with
	Key                 string
	PublicKey           string // base64, as Telnyx's portal shows it
	private             ed25519.PrivateKey
	now                 func() time.Time
	mu                  sync.Mutex
	orders              map[string]*Order
	order               []string // ids in the order made
	docs                map[string][]byte
	splitNext           bool
	seq                 int
	Problems            []string // what it was sent that Telnyx would refuse
	Documents           int
	HookClient          *http.Client
	answers             map[string]Answer // the numbers' lookup answers, when not the default
	seen                []string          // every call, "METHOD /path"
}

// New starts a fake on loopback, on the clock now.
func New(t testing.TB, now func() time.Time) *Server {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Key: "KEYtest_fake", PublicKey: base64.StdEncoding.EncodeToString(pub), private: priv, now: now,
		orders: map[string]*Order{}, docs: map[string][]byte{}, answers: map[string]Answer{}, HookClient: &http.Client{Timeout: 5 * time.Second}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// APIURL is the base address a carrier is pointed at.
func (s *Server) APIURL() string { return s.URL + "/v2" }

// SplitNext makes the next order made split in two, as Telnyx does by number type or SPID.
func (s *Server) SplitNext() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.splitNext = true
}

// Document is an uploaded document's content, by its id (an order's LOA or Invoice).
func (s *Server) Document(id string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.docs[id]
}

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

// Raise puts an order in exception with a code and its words.
func (s *Server) Raise(id, code, words string) {
	s.set(id, func(o *Order) { o.Status, o.Details = "exception", []Detail{{code, words}} })
}

// ConfirmFOC commits the order's date.
func (s *Server) ConfirmFOC(id string, foc time.Time) {
	s.set(id, func(o *Order) { o.Status, o.FOCActual, o.Details = "foc-date-confirmed", &foc, nil })
}

// SplitOff moves the order's last n numbers into a new order of the same reference and
// status, as Telnyx does when a part must port on its own; it returns the new order's id.
func (s *Server) SplitOff(id string, n int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orders[id]
	s.seq++
	split := *o
	split.ID = fmt.Sprintf("po-%04d", s.seq)
	split.Numbers = append([]string(nil), o.Numbers[len(o.Numbers)-n:]...)
	split.Comments = nil
	o.Numbers = o.Numbers[:len(o.Numbers)-n]
	s.orders[split.ID] = &split
	s.order = append(s.order, split.ID)
	return split.ID
}

// Port completes the order.
func (s *Server) Port(id string) { s.set(id, func(o *Order) { o.Status = "ported" }) }

// Comment adds a comment from Telnyx's porting team.
func (s *Server) Comment(id, body string) {
	s.set(id, func(o *Order) {
		s.seq++
		o.Comments = append(o.Comments, Comment{ID: fmt.Sprintf("cm-%d", s.seq), Body: body, UserType: "admin", CreatedAt: s.now()})
	})
}

func (s *Server) set(id string, fn func(*Order)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		panic("telnyxtest: no order " + id)
	}
	fn(o)
}

// Notify posts a signed porting_order.status_changed webhook about the order to url and
// returns the status it got.
func (s *Server) Notify(url, id string) (int, error) {
	s.mu.Lock()
	o := *s.orders[id]
	s.mu.Unlock()
	body, _ := json.Marshal(map[string]any{"data": map[string]any{"event_type": "porting_order.status_changed", "id": fmt.Sprintf("ev-%d", time.Now().UnixNano()),
		"occurred_at": s.now(), "record_type": "event", "payload": map[string]any{"id": o.ID, "customer_reference": o.Reference, "status": map[string]any{"value": o.Status}}}})
	return s.post(url, body, s.now())
}

// post sends body signed at at.
func (s *Server) post(url string, body []byte, at time.Time) (int, error) {
	ts, sig := telnyx.Sign(s.private, at, body)
	req, err := http.NewRequest("POST", url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(telnyx.HeaderTimestamp, ts)
	req.Header.Set(telnyx.HeaderSignature, sig)
	resp, err := s.HookClient.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// Hook is a signed status_changed webhook of an order, as Notify would post it: each a new
// event, with its own id.
func (s *Server) Hook(id string) (http.Header, []byte) {
	s.mu.Lock()
	s.seq++
	event := fmt.Sprintf("ev-%d", s.seq)
	s.mu.Unlock()
	body, _ := json.Marshal(map[string]any{"data": map[string]any{"id": event, "event_type": "porting_order.status_changed", "payload": map[string]any{"id": id}}})
	ts, sig := telnyx.Sign(s.private, s.now(), body)
	h := http.Header{}
	h.Set(telnyx.HeaderTimestamp, ts)
	h.Set(telnyx.HeaderSignature, sig)
	return h, body
}

// NotifySignedAt is Notify with a signature made at another time (to test the tolerance).
func (s *Server) NotifySignedAt(url, id string, at time.Time) (int, error) {
	body, _ := json.Marshal(map[string]any{"data": map[string]any{"event_type": "porting_order.status_changed", "payload": map[string]any{"id": id}}})
	return s.post(url, body, at)
}

var (
	e164       = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	orderPath  = regexp.MustCompile(`^/v2/porting_orders/([^/]+)(/.*)?$`)
	statusVals = map[string]bool{"draft": true, "in-process": true, "submitted": true, "exception": true, "foc-date-confirmed": true, "cancel-pending": true, "ported": true, "cancelled": true}
)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen = append(s.seen, r.Method+" "+r.URL.Path)
	if r.Header.Get("Authorization") != "Bearer "+s.Key {
		writeErr(w, 401, "10009", "Authentication failed")
		return
	}
	if status, carryOut, ok := s.Take(r); ok {
		if carryOut {
			s.route(httptest.NewRecorder(), r)
		}
		writeErr(w, status, "10011", "Try again later")
		return
	}
	s.route(w, r)
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/v2/porting_orders" && r.Method == "GET":
		ref := r.URL.Query().Get("filter[customer_reference]")
		out := []any{}
		for _, id := range s.order {
			if o := s.orders[id]; ref == "" || o.Reference == ref {
				out = append(out, view(o))
			}
		}
		writeJSON(w, 200, map[string]any{"data": out})
	case r.URL.Path == "/v2/porting_orders" && r.Method == "POST":
		s.create(w, r)
	case r.URL.Path == "/v2/documents" && r.Method == "POST":
		s.upload(w, r)
	case r.URL.Path == "/v2/portability_checks" && r.Method == "POST":
		s.portabilityCheck(w, r)
	case strings.HasPrefix(r.URL.Path, "/v2/number_lookup/") && r.Method == "GET":
		s.numberLookup(w, r)
	default:
		m := orderPath.FindStringSubmatch(r.URL.Path)
		if m == nil {
			writeErr(w, 404, "10005", "Resource not found")
			return
		}
		o, ok := s.orders[m[1]]
		if !ok {
			writeErr(w, 404, "10005", "Resource not found")
			return
		}
		s.onOrder(w, r, o, r.Method+" "+m[2])
	}
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	var in struct {
		PhoneNumbers      []string `json:"phone_numbers"`
		CustomerReference string   `json:"customer_reference"`
	}
	if !s.decode(w, r, &in) {
		return
	}
	if len(in.PhoneNumbers) == 0 {
		writeErr(w, 422, "10015", "phone_numbers is required")
		return
	}
	for _, n := range in.PhoneNumbers {
		if !e164.MatchString(n) {
			writeErr(w, 422, "10015", "phone number not in E.164: "+n)
			return
		}
	}
	groups := [][]string{in.PhoneNumbers}
	if s.splitNext && len(in.PhoneNumbers) > 1 {
		half := len(in.PhoneNumbers) / 2
		groups = [][]string{in.PhoneNumbers[:half], in.PhoneNumbers[half:]}
		s.splitNext = false
	}
	out := []any{}
	for _, g := range groups {
		s.seq++
		o := &Order{ID: fmt.Sprintf("po-%04d", s.seq), Reference: in.CustomerReference, Status: "draft", Numbers: g}
		s.orders[o.ID] = o
		s.order = append(s.order, o.ID)
		out = append(out, view(o))
	}
	writeJSON(w, 201, map[string]any{"data": out})
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	f, h, err := r.FormFile("file")
	if err != nil {
		writeErr(w, 422, "10015", "file is required")
		return
	}
	defer f.Close()
	data, _ := io.ReadAll(f)
	if len(data) == 0 || (h.Header.Get("Content-Type") == "application/pdf" && !bytes.HasPrefix(data, []byte("%PDF"))) {
		s.Problems = append(s.Problems, "document "+h.Filename+" is empty or not what it says")
	}
	s.seq++
	id := fmt.Sprintf("doc-%04d", s.seq)
	s.docs[id] = data
	s.Documents++
	writeJSON(w, 201, map[string]any{"data": map[string]any{"id": id, "filename": h.Filename}})
}

func (s *Server) onOrder(w http.ResponseWriter, r *http.Request, o *Order, op string) {
	switch op {
	case "GET ":
		writeJSON(w, 200, map[string]any{"data": view(o)})
	case "PATCH ":
		var in struct {
			CustomerReference string                       `json:"customer_reference"`
			EndUser           map[string]map[string]string `json:"end_user"`
			Misc              map[string]string            `json:"misc"`
			Documents         map[string]string            `json:"documents"`
			Activation        struct {
				FOCRequested *time.Time `json:"foc_datetime_requested"`
			} `json:"activation_settings"`
		}
		if !s.decode(w, r, &in) {
			return
		}
		if o.Status != "draft" && o.Status != "exception" {
			writeErr(w, 422, "10015", "only a draft or an order in exception can be changed")
			return
		}
		if in.Misc != nil {
			if t := in.Misc["type"]; t != "full" && t != "partial" {
				writeErr(w, 422, "10015", "misc.type must be full or partial")
				return
			}
			if in.Misc["type"] == "partial" && !e164.MatchString(in.Misc["new_billing_phone_number"]) {
				writeErr(w, 422, "10015", "a partial port needs misc.new_billing_phone_number in E.164")
				return
			}
			o.Misc = in.Misc
		}
		if in.EndUser != nil {
			if btn := in.EndUser["admin"]["billing_phone_number"]; btn != "" && !e164.MatchString(btn) {
				writeErr(w, 422, "10015", "billing_phone_number must be E.164")
				return
			}
			o.EndUser = in.EndUser
		}
		for k, v := range in.Documents {
			if _, ok := s.docs[v]; !ok {
				writeErr(w, 422, "10015", "no document "+v)
				return
			}
			switch k {
			case "loa":
				o.LOA = v
			case "invoice":
				o.Invoice = v
			default:
				writeErr(w, 422, "10015", "unknown document "+k)
				return
			}
		}
		if in.Activation.FOCRequested != nil {
			o.FOCRequested = in.Activation.FOCRequested
		}
		if in.CustomerReference != "" {
			o.Reference = in.CustomerReference
		}
		writeJSON(w, 200, map[string]any{"data": view(o)})
	case "POST /actions/confirm":
		var missing []string
		admin := o.EndUser["admin"]
		for _, f := range []string{"entity_name", "auth_person_name", "account_number", "billing_phone_number"} {
			if admin[f] == "" {
				missing = append(missing, "end_user.admin."+f)
			}
		}
		if o.EndUser["location"]["postal_code"] == "" || o.EndUser["location"]["street_address"] == "" {
			missing = append(missing, "end_user.location")
		}
		if o.LOA == "" || o.Invoice == "" {
			missing = append(missing, "documents")
		}
		if o.Status != "draft" && o.Status != "exception" {
			writeErr(w, 422, "10015", "the order is "+o.Status+": it cannot be confirmed")
			return
		}
		if len(missing) > 0 {
			writeErr(w, 422, "10015", "missing: "+strings.Join(missing, ", "))
			return
		}
		o.Status, o.Details = "in-process", nil
		o.Confirms++
		writeJSON(w, 200, map[string]any{"data": view(o)})
	case "POST /actions/cancel":
		if o.Status == "ported" || o.Status == "cancelled" {
			writeErr(w, 422, "10015", "the order is "+o.Status)
			return
		}
		o.Status = "cancelled"
		writeJSON(w, 200, map[string]any{"data": view(o)})
	case "GET /comments":
		cs := append([]Comment{}, o.Comments...)
		writeJSON(w, 200, map[string]any{"data": cs})
	case "POST /comments":
		var in struct {
			Body string `json:"body"`
		}
		if !s.decode(w, r, &in) {
			return
		}
		if strings.TrimSpace(in.Body) == "" {
			writeErr(w, 422, "10015", "body is required")
			return
		}
		s.seq++
		c := Comment{ID: fmt.Sprintf("cm-%d", s.seq), Body: in.Body, UserType: "user", CreatedAt: s.now()}
		o.Comments = append(o.Comments, c)
		writeJSON(w, 201, map[string]any{"data": c})
	case "GET /allowed_foc_windows":
		day := s.now().UTC().Truncate(24*time.Hour).AddDate(0, 0, 3)
		writeJSON(w, 200, map[string]any{"data": []any{map[string]any{"started_at": day.Add(14 * time.Hour), "ended_at": day.Add(22 * time.Hour), "record_type": "porting_order_allowed_foc_window"}}})
	default:
		writeErr(w, 404, "10005", "Resource not found")
	}
}

func view(o *Order) map[string]any {
	if !statusVals[o.Status] {
		panic("telnyxtest: bad status " + o.Status)
	}
	ns := []any{}
	for _, n := range o.Numbers {
		ns = append(ns, map[string]any{"phone_number": n, "phone_number_type": "local"})
	}
	details := []Detail{}
	details = append(details, o.Details...)
	return map[string]any{"id": o.ID, "record_type": "porting_order", "customer_reference": o.Reference,
		"status":        map[string]any{"value": o.Status, "details": details},
		"phone_numbers": ns, "end_user": o.EndUser, "misc": o.Misc,
		"documents":           map[string]any{"loa": nilIfEmpty(o.LOA), "invoice": nilIfEmpty(o.Invoice)},
		"activation_settings": map[string]any{"foc_datetime_requested": o.FOCRequested, "foc_datetime_actual": o.FOCActual}}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		writeErr(w, 415, "10015", "send JSON")
		return false
	}
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		writeErr(w, 400, "10015", "not JSON: "+err.Error())
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, status int, code, detail string) {
	writeJSON(w, status, map[string]any{"errors": []any{map[string]any{"code": code, "title": http.StatusText(status), "detail": detail}}})
}
