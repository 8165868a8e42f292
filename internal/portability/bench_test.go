package portability

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/nyaruka/phonenumbers"
)

type corpusEntry struct{ raw, region string }

var (
	corpusOnce sync.Once
	corpus     []corpusEntry
)

// millionCorpus is 1,000,000 numbers as customers type them: GB national and E.164
// (geographic, non-geographic, mobile, freephone, premium, some invalid and 0500), US and
// Canadian national and E.164, other countries in E.164 and some junk. Seeded: every run
// checks the same list.
func millionCorpus() []corpusEntry {
	corpusOnce.Do(func() {
		rng := rand.New(rand.NewPCG(2026, 11))
		d := func(n int) string {
			b := make([]byte, n)
			for i := range b {
				b[i] = byte('0' + rng.IntN(10))
			}
			return string(b)
		}
		gb := []string{"113496", "20794", "121", "161", "3", "7912", "7700", "800", "808", "845", "871", "909", "500", "1632960", "70", "56"}
		us := []string{"201", "212", "415", "416", "604", "514", "800", "888", "876"}
		other := []string{"+33 1", "+49 30", "+61 2", "+353 1", "+34 91"}
		corpus = make([]corpusEntry, 1_000_000)
		for i := range corpus {
			switch x := rng.IntN(100); {
			case x < 45:
				p := gb[rng.IntN(len(gb))]
				nsn := p + d(10-len(p))
				if p == "500" {
					nsn = p + d(6)
				}
				if rng.IntN(2) == 0 {
					corpus[i] = corpusEntry{"0" + nsn[:4] + " " + nsn[4:], "GB"}
				} else {
					corpus[i] = corpusEntry{"+44" + nsn, "GB"}
				}
			case x < 90:
				npa := us[rng.IntN(len(us))]
				n := fmt.Sprintf("%s%d%s", npa, 2+rng.IntN(8), d(6))
				switch rng.IntN(3) {
				case 0:
					corpus[i] = corpusEntry{"(" + n[:3] + ") " + n[3:6] + "-" + n[6:], "US"}
				case 1:
					corpus[i] = corpusEntry{n[:3] + "-" + n[3:6] + "-" + n[6:], "US"}
				default:
					corpus[i] = corpusEntry{"+1" + n, "US"}
				}
			case x < 98:
				corpus[i] = corpusEntry{other[rng.IntN(len(other))] + " " + d(7), "GB"}
			default:
				corpus[i] = corpusEntry{"call " + d(3), "GB"}
			}
		}
	})
	return corpus
}

func baseline(es []corpusEntry) int {
	valid := 0
	for _, e := range es {
		n, err := phonenumbers.Parse(e.raw, e.region)
		if err != nil {
			continue
		}
		if phonenumbers.IsValidNumber(n) {
			valid++
		}
		_ = phonenumbers.GetNumberType(n)
	}
	return valid
}

// BenchmarkCheckMillion runs, in the same run and over the same million numbers, the plain
// libphonenumber baseline (Parse, IsValidNumber, GetNumberType) and PortDesk's whole check
// (the same reading, plus category, range holder, agreements, LOA type, requirements, SMS
// and the sentence for a person), and reports both rates and their ratio.
func BenchmarkCheckMillion(b *testing.B) {
	es := millionCorpus()
	c, ag := sampleChecker(b), seeded()
	for b.Loop() {
		t0 := time.Now()
		baseValid := baseline(es)
		t1 := time.Now()
		checkValid := 0
		for _, e := range es {
			if c.Check(Input{Raw: e.raw, DefaultCountry: e.region}, ag).Valid {
				checkValid++
			}
		}
		t2 := time.Now()
		if baseValid != checkValid {
			b.Fatalf("valid: libphonenumber %d, check %d", baseValid, checkValid)
		}
		base, check := t1.Sub(t0).Seconds(), t2.Sub(t1).Seconds()
		b.ReportMetric(float64(len(es))/base, "baseline-numbers/s")
		b.ReportMetric(float64(len(es))/check, "check-numbers/s")
		b.ReportMetric(base/check, "ratio")
	}
}

// TestCheckValidityMatchesLibphonenumber compares validity, region and E.164 with
// libphonenumber on a 100,000-number sample of the benchmark's corpus.
func TestCheckValidityMatchesLibphonenumber(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("short: skipping the 100,000-number comparison")
	}
	if raceDetector {
		t.Skip("race detector: CI compares the 100,000 numbers without it, in a step of its own")
	}
	es := millionCorpus()
	c, ag := sampleChecker(t), seeded()
	for i := 0; i < len(es); i += 10 {
		e := es[i]
		got := c.Check(Input{Raw: e.raw, DefaultCountry: e.region}, ag)
		n, err := phonenumbers.Parse(e.raw, e.region)
		if err != nil || containsLetter(e.raw) {
			if got.E164 != "" {
				t.Fatalf("%q: libphonenumber cannot read it, check says %+v", e.raw, got)
			}
			continue
		}
		if got.E164 != phonenumbers.Format(n, phonenumbers.E164) || got.Valid != phonenumbers.IsValidNumber(n) {
			t.Fatalf("%q: check %s valid=%v; libphonenumber %s valid=%v", e.raw, got.E164, got.Valid,
				phonenumbers.Format(n, phonenumbers.E164), phonenumbers.IsValidNumber(n))
		}
		if r := phonenumbers.GetRegionCodeForNumber(n); got.Valid && r != got.Region {
			t.Fatalf("%q: region %s, libphonenumber %s", e.raw, got.Region, r)
		}
	}
}

func containsLetter(s string) bool {
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return true
		}
	}
	return false
}
