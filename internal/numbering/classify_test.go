package numbering

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// libphonenumberSays is the reference: what the library answers for raw.
func libphonenumberSays(raw, region string) (Classification, bool) {
	n, err := phonenumbers.Parse(raw, region)
	if err != nil {
		return Classification{}, false
	}
	return Classification{
		E164:   phonenumbers.Format(n, phonenumbers.E164),
		Region: phonenumbers.GetRegionCodeForNumber(n),
		Valid:  phonenumbers.IsValidNumber(n),
		Type:   phonenumbers.GetNumberType(n),
	}, true
}

// agree reports how Classify and libphonenumber differ on raw, or "" when they do not.
func agree(c *Classifier, raw, region string) string {
	got, gotOK := c.Classify(raw, region)
	want, wantOK := libphonenumberSays(raw, region)
	if got != want || gotOK != wantOK {
		return fmt.Sprintf("Classify(%q, %q) = %+v %v; libphonenumber: %+v %v", raw, region, got, gotOK, want, wantOK)
	}
	return ""
}

// targetedCases are the numbers where the plans are easiest to get wrong.
func targetedCases() []checkInput {
	rng := rand.New(rand.NewPCG(7, 7))
	var out []checkInput
	add := func(region string, raws ...string) {
		for _, r := range raws {
			out = append(out, checkInput{r, region})
		}
	}
	// Every GB prefix 01…09 with 9 to 11 digit national significant numbers, in every form.
	for p := '1'; p <= '9'; p++ {
		for length := 7; length <= 12; length++ {
			for range 20 {
				nsn := string(p) + digitsN(rng, length-1)
				add("GB", "0"+nsn, "+44"+nsn, "0044"+nsn, "44"+nsn, "+44 (0)"+nsn, "0"+spaced(nsn, 4, 3))
				add("US", "+44"+nsn, "01144"+nsn)
			}
		}
	}
	add("GB", "0500 123456", "0500 1234567", "+44500123456", "07012 345678", "07612 345678", "05612 345678",
		"07700 900123", "+447700900123", "020 7946 0000", "+44 20 7946 0000", "+44 (0)20 7946 0000",
		"+44(0)7700 900123", "(0)20 7946 0000", "0044 20 7946 0000", "00 44 20 7946 0000", "44 20 7946 0000",
		"0800 123 4567", "0808 157 0000", "0845 123 4567", "0871 123 4567", "0909 123 4567",
		"01481 123456", "01534 123456", "01624 123456", "07781 123456", "07797 123456", "07624 123456",
		"+441481123456", "+441534123456", "+441624123456", "+447781123456", "+447624123456",
		"180020 7946 0000", "0180020", "1800207946000", "000", "00", "0", "0000 000 000", "00044 20 7946 0000",
		"020 7946 000", "020 7946 00000", "0113 496 0000", "01632 960000", "0303 123 4567")
	// North America: Canadian area codes, toll free, the Caribbean, bad area codes and exchanges.
	for _, npa := range []string{
		"204", "226", "236", "249", "250", "289", "306", "343", "365", "367", "403", "416", "418",
		"431", "437", "438", "450", "506", "514", "519", "548", "579", "581", "587", "604", "613",
		"639", "647", "672", "705", "709", "742", "778", "780", "782", "807", "819", "825", "867",
		"873", "902", "905", "800", "833", "844", "855", "866", "877", "888", "268", "876", "242",
		"246", "264", "284", "340", "345", "441", "473", "649", "664", "670", "671", "684", "721",
		"758", "767", "784", "787", "809", "829", "849", "868", "869", "939", "212", "555", "011",
		"123", "911", "999",
	} {
		for range 5 {
			nxx := string(rune('0'+rng.IntN(10))) + digitsN(rng, 2)
			line := digitsN(rng, 4)
			add("US", "+1"+npa+nxx+line, "("+npa+") "+nxx+"-"+line, npa+"-"+nxx+"-"+line, "1"+npa+nxx+line, npa+nxx+line[:3])
			add("CA", "("+npa+") "+nxx+"-"+line, "1 "+npa+" "+nxx+" "+line, "+1 "+npa+nxx+line)
			add("GB", "+1"+npa+nxx+line, "001"+npa+nxx+line)
		}
	}
	add("US", "(212) 555-0100", "212-555-0100", "12125550100", "+1 (212) 555-0100", "1 212 555 0100",
		"011 44 20 7946 0000", "0114420794600", "2125550100", "212555010", "21255501000", "1212555010",
		"+12125550100", "+1 212 555 01000", "112125550100", "8005550199", "18005550199", "555-0100", "911")
	add("CA", "(416) 555-0123", "416-555-0123", "14165550123", "604.555.0199", "212 555 0100")
	// Other countries, other default regions, and shapes for libphonenumber alone.
	add("GB", "+33 6 12 34 56 78", "+4915112345678", "+61 4 1234 5678", "+353 85 123 4567", "+61 1831 234 567",
		"+800 1234 5678", "+882 1234 5678", "+979 123456789", "+0044 20 7946 0000", "+999 123", "+1", "+44",
		"+44 1", "+12", "+123", "12", "1 2", "+", "", " ", "()", "020 7946 0000 ext 123", "0800 FLOWERS",
		"tel:+442079460000", "+44 20 7946 0000 x12", "abc", "++44 20 7946 0000", "+44 20 7946 0000+",
		"07700 900123 / 07700 900124", "020-7946-0000#", "+ +44 20 7946 0000", "+(+44) 20 7946 0000",
		"+0044 20 7946 0000", "+00 44 20 7946 0000", "+011 44 20 7946 0000", "+44 0 20 7946 0000",
		"+999 44 20 7946 0000", "+4420", "+44 20", "(+44) 20 7946 0000", "+ 44 20 7946 0000", "+++1 212 555 0100",
		"Tel: 020 7946 0000", "tel:+44-20-7946-0000", "Mobile: 07700 900123", "tel:020;phone-context=+44",
		"x 020 7946 0000", "ext 020 7946 0000", "a+44 20 7946 0000", "０20 7946 0000", "＋44 20 7946 0000",
		"abc 12", "tel:12", "Tel +1 (212) 555-0100", "０２０ ７９４６ ００００", "+44 20 7946 0000;ext=1")
	for _, region := range []string{"", "ZZ", "gb", "001", "DE", "JE", "GG", "IM", "AU", "AG", "JM", "FR", "IE"} {
		add(region, "+442079460000", "020 7946 0000", "01534 123456", "07797 123456", "(268) 464-1234",
			"0049 30 1234567", "030 1234567", "0412 345 678", "+61 2 9876 5432", "464 1234", "1 268 464 1234")
	}
	return out
}

func TestClassifyMatchesLibphonenumber(t *testing.T) {
	t.Parallel()
	if raceDetector {
		t.Skip("race detector: CI compares the 100,000 numbers without it, in a step of its own (TestClassifyConcurrent races the classifier)")
	}
	corpus := checkCorpus(100_000, 1)
	t.Log(describeCorpus(corpus))
	cases := append(corpus, targetedCases()...)
	c := NewClassifier()
	failures := 0
	for _, in := range cases {
		if diff := agree(c, in.raw, in.region); diff != "" {
			t.Error(diff)
			if failures++; failures > 20 {
				t.Fatal("too many differences")
			}
		}
	}
}

// TestClassifyConcurrent runs the classifier from several goroutines while its DFAs are still
// being built (for the race detector).
func TestClassifyConcurrent(t *testing.T) {
	t.Parallel()
	corpus := checkCorpus(4_000, 3)
	c := NewClassifier()
	errs := make(chan string, 4)
	for g := range 4 {
		go func() {
			for i := g; i < len(corpus); i += 2 {
				if diff := agree(c, corpus[i].raw, corpus[i].region); diff != "" {
					errs <- diff
					return
				}
			}
			errs <- ""
		}()
	}
	for range 4 {
		if diff := <-errs; diff != "" {
			t.Error(diff)
		}
	}
}

func TestClassifyFastPathTaken(t *testing.T) {
	t.Parallel()
	c := NewClassifier()
	for _, in := range []checkInput{
		{"+442079460000", "GB"}, {"020 7946 0000", "GB"}, {"07700 900123", "GB"},
		{"(212) 555-0100", "US"}, {"212-555-0100", "US"}, {"12125550100", "US"},
		{"0044 20 7946 0000", "GB"}, {"+33 6 12 34 56 78", "GB"}, {"(416) 555-0123", "CA"},
	} {
		if _, _, done := c.fast(in.raw, in.region); !done {
			t.Errorf("%q in %s went to libphonenumber", in.raw, in.region)
		}
	}
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{
		"+442079460000", "020 7946 0000", "07700 900123", "(212) 555-0100", "212-555-0100",
		"12125550100", "+1 268 464 1234", "0044 20 7946 0000", "+44 (0)20 7946 0000", "0800 FLOWERS",
		"+33612345678", "1800207946000", "011 44 20 7946 0000", "tel:+442079460000", "+0044 20 7946 0000",
	} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(1))
	}
	c := NewClassifier()
	regions := []string{"GB", "US", "CA"}
	f.Fuzz(func(t *testing.T, raw string, r uint8) {
		region := regions[int(r)%len(regions)]
		if diff := agree(c, raw, region); diff != "" {
			t.Error(diff)
		}
		// The same bytes spelled in the fast path's alphabet, so that the fuzzer explores it
		// rather than libphonenumber's own path.
		if diff := agree(c, fastAlphabet(raw), region); diff != "" {
			t.Error(diff)
		}
	})
}

// fastAlphabet maps each byte of s to digits, "+", separators and a little leading text
// ("t:"), mostly digits.
func fastAlphabet(s string) string {
	const alphabet = "0123456789012345678901234567890123456789+ -.()t:"
	b := []byte(s)
	for i, c := range b {
		b[i] = alphabet[int(c)%len(alphabet)]
	}
	return string(b)
}
