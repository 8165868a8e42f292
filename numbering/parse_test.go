package numbering

import (
	"strings"
	"testing"

	"github.com/portdesk/portdesk/domain"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		country domain.Country
		want    string
		region  domain.Country
		errHas  string
	}{
		{"+44 113 496 0000", "GB", "+441134960000", "GB", ""},
		{"0113 496 0000", "GB", "+441134960000", "GB", ""},
		{"(0113) 496-0000", "GB", "+441134960000", "GB", ""},
		{"\uFEFF 020 7946 0000 ", "GB", "+442079460000", "GB", ""},
		{"0044 113 496 0000", "GB", "+441134960000", "GB", ""},
		{"0800 123 4567", "GB", "+448001234567", "GB", ""},
		{"tel:+12015550123", "GB", "+12015550123", "US", ""},
		{"(201) 555-0123", "US", "+12015550123", "US", ""},
		{"416.555.0123", "CA", "+14165550123", "CA", ""},
		{"+1 416 555 0123", "US", "+14165550123", "CA", ""},
		{"", "GB", "", "", "Enter a phone number"},
		{"0800-FLOWERS", "GB", "", "", "not part of a phone number"},
		{"12", "GB", "", "", "too few digits"},
		{"01632 960000", "GB", "", "", "not a number in service in the UK"},
		{"0500 123456", "GB", "", "", "not a number in service"},
		{"0113 496 000", "GB", "", "", "not a number in service"},
		{"+999 1234 5678", "GB", "", "", "country code"},
		{"44+113", "GB", "", "", "+"},
		{strings.Repeat("1", 80), "GB", "", "", "too long"},
	}
	p := NewParser()
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := p.Parse(tt.in, tt.country)
			if tt.errHas != "" {
				if err == nil || !domain.IsCode(err, domain.ErrInvalid) || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("Parse(%q) = %v, %v; want error containing %q", tt.in, got, err, tt.errHas)
				}
				return
			}
			if err != nil || got.E164 != tt.want || got.Country != tt.region {
				t.Fatalf("Parse(%q) = %+v, %v; want %s %s", tt.in, got, err, tt.want, tt.region)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	t.Parallel()
	if got := Format("+441134960000"); got != "+44 113 496 0000" {
		t.Errorf("Format = %q", got)
	}
	if got := Format("garbage"); got != "garbage" {
		t.Errorf("Format(garbage) = %q", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"+441134960000", "0113 496 0000", "(201) 555-0123", "0800-FLOWERS", "+", "00", "tel:+1"} {
		f.Add(s, "GB")
		f.Add(s, "US")
	}
	p := NewParser()
	f.Fuzz(func(t *testing.T, in, country string) {
		got, err := p.Parse(in, domain.Country(country))
		if err != nil {
			if !domain.IsCode(err, domain.ErrInvalid) {
				t.Fatalf("error of the wrong kind: %v", err)
			}
			return
		}
		if !strings.HasPrefix(got.E164, "+") || len(got.E164) > 16 {
			t.Fatalf("bad E.164 %q from %q", got.E164, in)
		}
		// What we store must read back to itself.
		again, err := p.Parse(got.E164, "")
		if err != nil || again.E164 != got.E164 {
			t.Fatalf("%q → %q does not round-trip: %v", in, got.E164, err)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	p := NewParser()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Parse("0113 496 0000", "GB"); err != nil {
			b.Fatal(err)
		}
	}
}
