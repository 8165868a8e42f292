package domain

import (
	"errors"
	"slices"
	"testing"
)

func TestCheckPortOutTransition(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		from, to PortOutStatus
		party    Party
		reason   string
		want     ErrorCode // "" for allowed
	}{
		{"team authorizes", PortOutPending, PortOutAuthorized, PartyStaff, "", ""},
		{"customer cannot authorize", PortOutPending, PortOutAuthorized, PartyCustomer, "", ErrForbidden},
		{"team rejects with codes", PortOutPending, PortOutRejected, PartyStaff, "pin", ""},
		{"reject needs a reason", PortOutPending, PortOutRejected, PartyStaff, "", ErrInvalid},
		{"customer cannot reject", PortOutPending, PortOutRejected, PartyCustomer, "not me", ErrForbidden},
		{"reject after authorizing", PortOutAuthorized, PortOutRejected, PartyStaff, "port_lock", ""},
		{"complete authorized", PortOutAuthorized, PortOutCompleted, PartyStaff, "", ""},
		{"no completing pending", PortOutPending, PortOutCompleted, PartyStaff, "", ErrIllegalTransition},
		{"customer cannot complete", PortOutAuthorized, PortOutCompleted, PartyCustomer, "", ErrForbidden},
		{"customer withdraws", PortOutPending, PortOutCancelled, PartyCustomer, "staying after all", ""},
		{"cancel needs a reason", PortOutAuthorized, PortOutCancelled, PartyStaff, "", ErrInvalid},
		{"completed is terminal", PortOutCompleted, PortOutCancelled, PartyStaff, "x", ErrIllegalTransition},
		{"rejected is terminal", PortOutRejected, PortOutAuthorized, PartyStaff, "", ErrIllegalTransition},
		{"completing twice", PortOutCompleted, PortOutCompleted, PartyStaff, "", ErrIllegalTransition},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := CheckPortOutTransition(tt.from, tt.to, tt.party, tt.reason)
			if got := CodeOf(err); got != tt.want {
				t.Fatalf("CheckPortOutTransition(%s→%s) = %v, want code %q", tt.from, tt.to, err, tt.want)
			}
		})
	}
	err := CheckPortOutTransition(PortOutPending, PortOutCompleted, PartyStaff, "")
	if e := (*Error)(nil); !errors.As(err, &e) || !slices.Contains(e.Allowed, string(PortOutAuthorized)) {
		t.Fatalf("an illegal move does not list the allowed ones: %v", err)
	}
}

// Every status is reachable from pending, every open one can end, terminal ones stay.
func TestPortOutStateMachineShape(t *testing.T) {
	t.Parallel()
	reach := map[PortOutStatus]bool{PortOutPending: true}
	for changed := true; changed; {
		changed = false
		for _, tr := range portOutTransitions.transitions {
			if reach[tr.From] && !reach[tr.To] {
				reach[tr.To], changed = true, true
			}
		}
	}
	for _, s := range PortOutStatuses {
		if !reach[s] {
			t.Errorf("%s unreachable from pending", s)
		}
		moves := PortOutMoves(s, PartyAnyone)
		if s.Open() && !slices.Contains(moves, PortOutCancelled) {
			t.Errorf("open status %s cannot be cancelled", s)
		}
		if !s.Open() && len(moves) > 0 {
			t.Errorf("terminal status %s has moves %v", s, moves)
		}
		if s.Label() == string(s) || s.Explanation() == "" {
			t.Errorf("%s lacks a label or explanation", s)
		}
	}
}

// The tolerant matches forgive how another provider's staff type a name or a postcode, and
// nothing that names someone else.
func TestPortOutMatching(t *testing.T) {
	t.Parallel()
	names := []struct {
		a, b string
		want bool
	}{
		{"Acme Widgets Ltd", "ACME WIDGETS LIMITED", true},
		{"Acme Widgets Ltd.", "acme  widgets ltd", true},
		{"Smith & Sons", "Smith and Sons", true},
		{"Smith&Sons Limited", "SMITH AND SONS LTD", true},
		{"O'Brien Holdings, Inc.", "OBrien Holdings Incorporated", true},
		{"Jane  Smith", "jane smith", true},
		{"Acme Widgets Ltd", "Acme Gadgets Ltd", false},
		{"Acme Widgets", "Acme Widgets Holdings", false},
		{"Jane Smith", "John Smith", false},
		{"", "", false},
		{"...", "", false},
	}
	for _, tc := range names {
		if got := NamesMatch(tc.a, tc.b); got != tc.want {
			t.Errorf("NamesMatch(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if NamesMatch(tc.a, tc.b) != NamesMatch(tc.b, tc.a) {
			t.Errorf("NamesMatch(%q, %q) is not symmetric", tc.a, tc.b)
		}
	}
	codes := []struct {
		country Country
		a, b    string
		want    bool
	}{
		{CountryGB, "LS1 4AP", "ls14ap", true},
		{CountryGB, "LS1 4AP", " ls1  4ap ", true},
		{CountryGB, "LS1 4AP", "LS1 4AQ", false},
		{CountryGB, "LS1 4AP", "LS14 AP", true}, // the same characters: only the spacing differs
		{CountryUS, "90210", "90210-1234", true},
		{CountryUS, "90210 1234", "902101234", true},
		{CountryUS, "90210", "90211", false},
		{CountryUS, "9021", "90210", false},
		{CountryCA, "M5V 2T6", "m5v2t6", true},
		{CountryCA, "M5V 2T6", "M5V 2T7", false},
		{CountryGB, "", "", false},
		{CountryUS, "PO-BOX 12", "po box 12", true}, // not a ZIP: reduced like a postcode
	}
	for _, tc := range codes {
		if got := PostcodesMatch(tc.country, tc.a, tc.b); got != tc.want {
			t.Errorf("PostcodesMatch(%s, %q, %q) = %v, want %v", tc.country, tc.a, tc.b, got, tc.want)
		}
	}
}

// Normalizing is idempotent, and a match survives re-typing in upper case with extra spaces.
func FuzzNormalizeName(f *testing.F) {
	for _, s := range []string{"Acme Widgets Ltd", "Smith&Sons Limited", "O'Brien, Inc.", "  ", "Ünïcödé GmbH", "&&&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeName(s)
		if NormalizeName(n) != n {
			t.Fatalf("NormalizeName not idempotent: %q → %q → %q", s, n, NormalizeName(n))
		}
		if n != "" && !NamesMatch(s, "  "+s+" ") {
			t.Fatalf("%q does not match itself with spaces", s)
		}
	})
}

func FuzzNormalizePostcode(f *testing.F) {
	for _, s := range []string{"LS1 4AP", "90210-1234", "m5v 2t6", "", "----", "1 2 3 4 5 6"} {
		f.Add("GB", s)
		f.Add("US", s)
	}
	f.Fuzz(func(t *testing.T, country, s string) {
		c := Country(country)
		n := NormalizePostcode(c, s)
		if NormalizePostcode(c, n) != n {
			t.Fatalf("NormalizePostcode(%s) not idempotent: %q → %q → %q", c, s, n, NormalizePostcode(c, n))
		}
		if PostcodesMatch(c, s, s) != (n != "") {
			t.Fatalf("%q does not match itself", s)
		}
	})
}

// Silence authorizes only a port-out that passed every check and proved who asked.
func TestMayAutoAuthorize(t *testing.T) {
	t.Parallel()
	passed := func(c PortOutCheckName) PortOutCheck { return PortOutCheck{Check: c, Passed: true} }
	skipped := func(c PortOutCheckName) PortOutCheck { return PortOutCheck{Check: c, Passed: true, Skipped: true} }
	tests := []struct {
		name   string
		checks []PortOutCheck
		want   bool
	}{
		{"the PIN matched", []PortOutCheck{passed(CheckNumbers), skipped(CheckName), skipped(CheckPostcode), passed(CheckPIN)}, true},
		{"the postcode matched", []PortOutCheck{passed(CheckNumbers), skipped(CheckName), passed(CheckPostcode), skipped(CheckPIN)}, true},
		{"nothing on file to match", []PortOutCheck{passed(CheckNumbers), skipped(CheckName), skipped(CheckPostcode), skipped(CheckPIN), passed(CheckLock)}, false},
		{"a failed check", []PortOutCheck{passed(CheckPIN), {Check: CheckName, Code: RejectNameMismatch}}, false},
		{"the numbers alone", []PortOutCheck{passed(CheckNumbers), passed(CheckOpenPort), passed(CheckLock)}, false},
	}
	for _, tt := range tests {
		if got := (PortOut{Checks: tt.checks}).MayAutoAuthorize(); got != tt.want {
			t.Errorf("%s: MayAutoAuthorize = %v, want %v", tt.name, got, tt.want)
		}
	}
}
