package numbering

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nyaruka/phonenumbers"
)

// checkInput is one number as a customer gives it, with the default region PortDesk would
// parse it in.
type checkInput struct {
	raw, region string
}

// checkCorpus makes n inputs of the mix PortDesk checks: ~45% GB (E.164 and national), ~45%
// US/CA (E.164 and national), ~10% other countries in E.164 and a little junk. Same seed,
// same corpus.
func checkCorpus(n int, seed int64) []checkInput {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
	out := make([]checkInput, n)
	for i := range out {
		switch x := rng.IntN(100); {
		case x < 45:
			out[i] = gbInput(rng)
		case x < 90:
			out[i] = nanpInput(rng)
		case x < 98:
			out[i] = otherInput(rng)
		default:
			out[i] = junkInput(rng)
		}
	}
	return out
}

// digitsN is n random digits.
func digitsN(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + rng.IntN(10))
	}
	return string(b)
}

// gbRanges are GB national numbers by their leading digits (after the trunk 0) and the
// usual length of the national significant number.
var gbRanges = []struct {
	lead   string
	length int
	weight int
}{
	{"20", 10, 10}, {"113", 10, 4}, {"121", 10, 4}, {"131", 10, 3}, {"161", 10, 4},
	{"1632", 10, 1}, {"1481", 10, 1}, {"1534", 10, 1}, {"1624", 10, 1}, {"1", 10, 6},
	{"1", 9, 1}, {"23", 10, 2}, {"28", 10, 2}, {"29", 10, 2}, {"3", 10, 4},
	{"7", 10, 20}, {"7700900", 10, 2}, {"7781", 10, 1}, {"7624", 10, 1}, {"70", 10, 2},
	{"76", 10, 1}, {"56", 10, 1}, {"800", 10, 3}, {"800", 9, 1}, {"808", 10, 2},
	{"84", 10, 2}, {"87", 10, 2}, {"9", 10, 2}, {"500", 9, 1}, {"55", 10, 1},
}

func gbInput(rng *rand.Rand) checkInput {
	total := 0
	for _, r := range gbRanges {
		total += r.weight
	}
	pick := rng.IntN(total)
	var lead string
	var length int
	for _, r := range gbRanges {
		if pick -= r.weight; pick < 0 {
			lead, length = r.lead, r.length
			break
		}
	}
	switch rng.IntN(20) { // a digit short or over
	case 0:
		length--
	case 1:
		length++
	}
	nsn := lead + digitsN(rng, max(length-len(lead), 0))
	switch f := rng.IntN(20); {
	case f < 7:
		return checkInput{"+44" + nsn, "GB"}
	case f < 9:
		return checkInput{"+44 " + spaced(nsn, 4, 3), "GB"}
	case f < 17:
		return checkInput{"0" + spaced(nsn, 4, 3), "GB"}
	case f < 18:
		return checkInput{"0" + nsn, "GB"}
	case f < 19:
		return checkInput{"0044 " + spaced(nsn, 4, 3), "GB"}
	default:
		return checkInput{"+44 (0)" + spaced(nsn, 4, 3), "GB"}
	}
}

// spaced writes s in groups: the first a digits, then b, then the rest.
func spaced(s string, a, b int) string {
	if len(s) <= a+b {
		return s
	}
	return s[:a] + " " + s[a:a+b] + " " + s[a+b:]
}

var (
	usNPAs        = []string{"212", "213", "312", "415", "646", "202", "305", "713", "617", "206", "404", "512", "702", "917", "201", "347"}
	caNPAs        = []string{"416", "604", "514", "403", "613", "905", "647", "780", "902", "204", "306", "819"}
	tollFreeNPAs  = []string{"800", "833", "844", "855", "866", "877", "888"}
	caribbeanNPAs = []string{"268", "876", "242", "246", "809", "787", "441", "345", "868", "284", "340", "671"}
)

func nanpInput(rng *rand.Rand) checkInput {
	region := "US"
	var npa string
	switch x := rng.IntN(100); {
	case x < 55:
		npa = usNPAs[rng.IntN(len(usNPAs))]
	case x < 75:
		npa = caNPAs[rng.IntN(len(caNPAs))]
		if rng.IntN(2) == 0 {
			region = "CA"
		}
	case x < 87:
		npa = tollFreeNPAs[rng.IntN(len(tollFreeNPAs))]
	case x < 94:
		npa = caribbeanNPAs[rng.IntN(len(caribbeanNPAs))]
	default: // not an area code: starts 0 or 1, or random
		npa = digitsN(rng, 3)
	}
	nxx := string(rune('2'+rng.IntN(8))) + digitsN(rng, 2)
	if rng.IntN(15) == 0 { // invalid exchange
		nxx = string(rune('0'+rng.IntN(2))) + digitsN(rng, 2)
	}
	line := digitsN(rng, 4)
	if rng.IntN(25) == 0 {
		line = line[:3]
	}
	switch f := rng.IntN(20); {
	case f < 7:
		return checkInput{"+1" + npa + nxx + line, region}
	case f < 9:
		return checkInput{"+1 " + npa + "-" + nxx + "-" + line, region}
	case f < 14:
		return checkInput{"(" + npa + ") " + nxx + "-" + line, region}
	case f < 17:
		return checkInput{npa + "-" + nxx + "-" + line, region}
	case f < 18:
		return checkInput{"1" + npa + nxx + line, region}
	case f < 19:
		return checkInput{npa + "." + nxx + "." + line, region}
	default:
		return checkInput{"1 (" + npa + ") " + nxx + "-" + line, region}
	}
}

// otherNumbers are other countries' numbers: calling code, leading digits, NSN length.
var otherNumbers = []struct {
	cc, lead string
	length   int
}{
	{"33", "6", 9}, {"33", "1", 9}, {"33", "7", 9}, {"49", "151", 11}, {"49", "30", 10},
	{"49", "89", 10}, {"61", "4", 9}, {"61", "2", 9}, {"353", "8", 9}, {"353", "1", 8},
	{"34", "6", 9}, {"39", "3", 10}, {"39", "06", 10}, {"31", "6", 9}, {"91", "9", 10},
	{"81", "90", 10}, {"86", "13", 11}, {"52", "1", 10}, {"55", "11", 11}, {"7", "9", 10},
}

func otherInput(rng *rand.Rand) checkInput {
	o := otherNumbers[rng.IntN(len(otherNumbers))]
	nsn := o.lead + digitsN(rng, o.length-len(o.lead))
	if rng.IntN(3) == 0 {
		return checkInput{"+" + o.cc + " " + spaced(nsn, 3, 3), "GB"}
	}
	return checkInput{"+" + o.cc + nsn, "GB"}
}

var junk = []string{
	"", "n/a", "call me", "+", "12", "0800 FLOWERS", "020 7946 0000 ext 12",
	"tel:+442079460000", "+44 20 7946 0000 x12", "07700 900123 / 07700 900124",
	"++44 20 7946 0000", "+44 20 7946 0000 +", "ask for Bob", "0", "+999 123 456 789",
}

func junkInput(rng *rand.Rand) checkInput {
	regions := []string{"GB", "US"}
	return checkInput{junk[rng.IntN(len(junk))], regions[rng.IntN(2)]}
}

// benchCorpusSize is the size of the corpus the benchmarks check.
const benchCorpusSize = 1_000_000

var benchCorpus = sync.OnceValue(func() []checkInput { return checkCorpus(benchCorpusSize, 42) })

func baselinePass(corpus []checkInput) int {
	valid := 0
	for _, in := range corpus {
		n, err := phonenumbers.Parse(in.raw, in.region)
		if err != nil {
			continue
		}
		if phonenumbers.IsValidNumber(n) {
			valid++
		}
		if phonenumbers.GetNumberType(n) == phonenumbers.MOBILE {
			valid++
		}
	}
	return valid
}

func classifierPass(c *Classifier, corpus []checkInput) int {
	valid := 0
	for _, in := range corpus {
		cl, ok := c.Classify(in.raw, in.region)
		if !ok {
			continue
		}
		if cl.Valid {
			valid++
		}
		if cl.Type == phonenumbers.MOBILE {
			valid++
		}
	}
	return valid
}

func BenchmarkCheckCorpus(b *testing.B) {
	corpus := benchCorpus()
	b.Run("baseline", func(b *testing.B) {
		valid := 0
		b.ResetTimer()
		for range b.N {
			valid += baselinePass(corpus)
		}
		mustHaveValid(b, valid)
		b.ReportMetric(float64(b.N*len(corpus))/b.Elapsed().Seconds(), "numbers/s")
	})
	b.Run("classifier", func(b *testing.B) {
		c := NewClassifier() // cold: building the DFAs is part of the measurement
		valid := 0
		b.ResetTimer()
		for range b.N {
			valid += classifierPass(c, corpus)
		}
		mustHaveValid(b, valid)
		b.ReportMetric(float64(b.N*len(corpus))/b.Elapsed().Seconds(), "numbers/s")
	})
}

// BenchmarkCheckCorpusRatio times both over the same corpus in the same iterations, so that
// the ratio compares like with like.
func BenchmarkCheckCorpusRatio(b *testing.B) {
	corpus := benchCorpus()
	c := NewClassifier()
	var base, fast time.Duration
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		v1 := baselinePass(corpus)
		t1 := time.Now()
		v2 := classifierPass(c, corpus)
		base, fast = base+t1.Sub(t0), fast+time.Since(t1)
		if v1 != v2 {
			b.Fatalf("baseline counted %d, classifier %d", v1, v2)
		}
	}
	numbers := float64(b.N * len(corpus))
	b.ReportMetric(numbers/base.Seconds(), "baseline-numbers/s")
	b.ReportMetric(numbers/fast.Seconds(), "classifier-numbers/s")
	b.ReportMetric(base.Seconds()/fast.Seconds(), "ratio")
}

// mustHaveValid uses a pass's result, so that the work cannot be optimised away, and
// catches a corpus that has gone wrong.
func mustHaveValid(b *testing.B, valid int) {
	if valid == 0 {
		b.Fatal("no valid number in the corpus")
	}
}

// describeCorpus summarises a corpus for the test log.
func describeCorpus(corpus []checkInput) string {
	plus, gb, us := 0, 0, 0
	for _, in := range corpus {
		if strings.HasPrefix(in.raw, "+") {
			plus++
		}
		switch in.region {
		case "GB":
			gb++
		case "US", "CA":
			us++
		}
	}
	return fmt.Sprintf("%d inputs: %d E.164, %d GB default, %d US/CA default", len(corpus), plus, gb, us)
}
