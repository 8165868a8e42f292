package telnyxtest

import (
	"net/http"
	"strings"
)

// Answer is what the fake says of a number when asked: the carrier holding it and whether
// it can port. A number not told otherwise is portable, not fast-port eligible, held by
// DefaultCarrier.
type Answer struct {
	Carrier, CarrierType string
	Portable             bool
	FastPortable         bool
	NotPortableReason    string
}

// DefaultCarrier holds every number the fake is not told about.
const DefaultCarrier = "Lumen Technologies/1"

// SetAnswer sets what the fake says of a number.
func (s *Server) SetAnswer(number string, a Answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answers[number] = a
}

func (s *Server) answer(number string) Answer {
	if a, ok := s.answers[number]; ok {
		return a
	}
	return Answer{Carrier: DefaultCarrier, CarrierType: "fixed line", Portable: true}
}

// Calls counts the calls made so far whose method and path start with prefix ("POST
// /v2/portability_checks"), failed ones included.
func (s *Server) Calls(prefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.seen {
		if strings.HasPrefix(c, prefix) {
			n++
		}
	}
	return n
}

// portabilityCheck answers POST /portability_checks: a list of E.164 numbers, each answered
// at once (201).
func (s *Server) portabilityCheck(w http.ResponseWriter, r *http.Request) {
	var in struct {
		PhoneNumbers []string `json:"phone_numbers"`
	}
	if !s.decode(w, r, &in) {
		return
	}
	if len(in.PhoneNumbers) == 0 {
		writeErr(w, 422, "10015", "phone_numbers is required")
		return
	}
	out := []any{}
	for _, n := range in.PhoneNumbers {
		if !e164.MatchString(n) {
			writeErr(w, 422, "10015", "phone number not in +E.164: "+n)
			return
		}
		a := s.answer(n)
		reason := ""
		if !a.Portable {
			reason = a.NotPortableReason
		}
		out = append(out, map[string]any{"record_type": "portability_check_result", "phone_number": n, "portable": a.Portable,
			"fast_portable": a.Portable && a.FastPortable, "not_portable_reason": reason})
	}
	writeJSON(w, 201, map[string]any{"data": out})
}

// numberLookup answers GET /number_lookup/{phone_number}: the carrier data set when type
// asks for it.
func (s *Server) numberLookup(w http.ResponseWriter, r *http.Request) {
	n := strings.TrimPrefix(r.URL.Path, "/v2/number_lookup/")
	if !e164.MatchString(n) {
		writeErr(w, 422, "10015", "phone number not in +E.164: "+n)
		return
	}
	for _, t := range r.URL.Query()["type"] {
		if t != "carrier" && t != "caller-name" {
			writeErr(w, 422, "10015", "type must be carrier or caller-name")
			return
		}
	}
	a := s.answer(n)
	data := map[string]any{"record_type": "number_lookup", "phone_number": n, "country_code": "US", "valid_number": true}
	if r.URL.Query().Get("type") == "carrier" {
		data["carrier"] = map[string]any{"name": a.Carrier, "type": a.CarrierType, "error_code": nil}
	}
	writeJSON(w, 200, map[string]any{"data": data})
}
