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
