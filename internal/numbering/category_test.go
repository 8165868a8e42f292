package numbering

import "testing"

func TestCategorize(t *testing.T) {
	t.Parallel()
	tests := map[string]Category{
		"+441134960000":  Geographic,
		"+442079460000":  Geographic,
		"+443001234567":  NonGeographic,
		"+448001234567":  Freephone,
		"+448081570000":  Freephone,
		"+448451234567":  SharedCost,
		"+448711234567":  SharedCost,
		"+449091234567":  Premium,
		"+449811234567":  Premium,
		"+447700900123":  Mobile,
		"+447012345678":  Personal,
		"+447612345678":  Other,
		"+445612345678":  VoIP,
		"+44500123456":   Withdrawn,
		"+12015550123":   Local,
		"+18005550123":   TollFree,
		"+18335550123":   TollFree,
		"+14165550123":   Local,
		"+19002345678":   Premium,  // the 900 area code: premium-rate services
		"+12129761234":   Premium,  // the 976 exchange of any area code
		"+14169761234":   Premium,  // in Canada too
		"+18009761234":   TollFree, // a toll-free number is toll-free whatever its exchange
		"+12129751234":   Local,
		"+17875551234":   Local, // Puerto Rico
		"+33123456789":   International,
		"+4915112345678": International,
	}
	for in, want := range tests {
		if got := Categorize(in); got != want {
			t.Errorf("Categorize(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestWithdrawnReplacement(t *testing.T) {
	t.Parallel()
	e164, ok := UKDigits("0500 123456")
	if !ok || e164 != "+44500123456" {
		t.Fatalf("UKDigits = %q %v", e164, ok)
	}
	if got, ok := WithdrawnReplacement(e164); !ok || got != "+448085123456" {
		t.Fatalf("replacement %q %v", got, ok)
	}
	if _, ok := WithdrawnReplacement("+448001234567"); ok {
		t.Fatal("only 0500 numbers have a replacement")
	}
}

func TestFictional(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{
		"+12015550100": true, "+12015550123": true, "+12015550199": true, "+14165550150": true, "+18005550100": true,
		"+12015550099": false, "+12015550200": false, "+12015551234": false, "+12125550100": true, "+441134960100": false,
		"+12015550": false,
	} {
		if got := Fictional(in); got != want {
			t.Errorf("Fictional(%s) = %v", in, got)
		}
	}
}

func TestPortingCountry(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"+441134960000": "GB",
		"+44500123456":  "GB", // withdrawn, but a UK number
		"+441534123456": "JE", // Jersey ports by ticket, not as GB
		"+12015550234":  "US",
		"+18005550234":  "US",
		"+14165550234":  "CA",
		"+17875551234":  "US", // Puerto Rico
		"+13405551234":  "US", // US Virgin Islands
		"+16715551234":  "US", // Guam
		"+16705551234":  "US", // Northern Marianas
		"+16846331234":  "US", // American Samoa
		"+12684641234":  "AG", // Antigua: NANP, but not US rules
		"+33123456789":  "FR",
		"nonsense":      "",
	} {
		if got := PortingCountry(in); got != want {
			t.Errorf("PortingCountry(%s) = %q, want %q", in, got, want)
		}
	}
}
