package numbering

import (
	"fmt"
	"strconv"

	"github.com/nyaruka/phonenumbers"
)

// maxNSNLength is libphonenumber's MAX_LENGTH_FOR_NSN: Parse refuses longer national numbers.
const maxNSNLength = 17

// callingPlan holds what classifying the numbers of one country calling code takes: the
// metadata of every region sharing the code, in libphonenumber's order (main region first),
// and one DFA running all their patterns at once.
type callingPlan struct {
	cc      int
	ccText  string
	regions []planRegion
	byID    map[string]int
	dfa     *digitDFA
}

// planRegion is one region's metadata, its patterns named by their index in the plan's DFA.
type planRegion struct {
	id      string
	cc      int
	leading int // "^(?:leading_digits)", or -1 when the region has none
	general planDesc
	// The descriptions getNumberTypeHelper tries before fixed line and mobile, in its order.
	special       [8]planDesc
	fixed, mobile planDesc
	sameFixedMob  bool
	lengths       []int32 // general desc possible lengths
	localLengths  []int32 // general desc local-only lengths
	npfp          prefixRule
	idd           prefixRule
}

// specialTypes are the types of planRegion.special, in the same order.
var specialTypes = [8]phonenumbers.PhoneNumberType{
	phonenumbers.PREMIUM_RATE, phonenumbers.TOLL_FREE, phonenumbers.SHARED_COST,
	phonenumbers.VOIP, phonenumbers.PERSONAL_NUMBER, phonenumbers.PAGER,
	phonenumbers.UAN, phonenumbers.VOICEMAIL,
}

// planDesc is a PhoneNumberDesc: its full-match pattern and its possible lengths.
type planDesc struct {
	expr    int
	lengths []int32
}

// newCallingPlan compiles the plan of calling code cc, whose regions are regionIDs (as
// phonenumbers.GetRegionCodesForCountryCode lists them) with metadata meta.
func newCallingPlan(cc int, regionIDs []string, meta []*phonenumbers.PhoneMetadata) (*callingPlan, error) {
	p := &callingPlan{cc: cc, ccText: strconv.Itoa(cc), byID: map[string]int{}}
	var exprs []string
	index := map[string]int{}
	intern := func(e string) int {
		if k, ok := index[e]; ok {
			return k
		}
		index[e] = len(exprs)
		exprs = append(exprs, e)
		return len(exprs) - 1
	}
	desc := func(d *phonenumbers.PhoneNumberDesc) planDesc {
		// As isNumberMatchingDesc builds it.
		return planDesc{expr: intern("^(?:" + d.GetNationalNumberPattern() + ")$"), lengths: d.PossibleLength}
	}
	for i, id := range regionIDs {
		m := meta[i]
		if m == nil || m.GeneralDesc == nil || len(m.GeneralDesc.PossibleLength) == 0 {
			// libphonenumber itself would fail on these; leave them to it.
			return nil, fmt.Errorf("calling code %d: region %s has no usable metadata", cc, id)
		}
		for _, d := range []*phonenumbers.PhoneNumberDesc{m.PremiumRate, m.TollFree, m.SharedCost, m.Voip, m.PersonalNumber, m.Pager, m.Uan, m.Voicemail, m.FixedLine, m.Mobile} {
			if d == nil {
				return nil, fmt.Errorf("calling code %d: region %s lacks a number description", cc, id)
			}
		}
		r := planRegion{
			id:           id,
			cc:           int(m.GetCountryCode()),
			leading:      -1,
			general:      desc(m.GeneralDesc),
			fixed:        desc(m.FixedLine),
			mobile:       desc(m.Mobile),
			sameFixedMob: m.GetSameMobileAndFixedLinePattern(),
			lengths:      m.GeneralDesc.PossibleLength,
			localLengths: m.GeneralDesc.PossibleLengthLocalOnly,
			idd:          literalRule(m.GetInternationalPrefix()),
		}
		for j, d := range []*phonenumbers.PhoneNumberDesc{m.PremiumRate, m.TollFree, m.SharedCost, m.Voip, m.PersonalNumber, m.Pager, m.Uan, m.Voicemail} {
			r.special[j] = desc(d)
		}
		if ld := m.GetLeadingDigits(); len(ld) > 0 {
			r.leading = intern("^(?:" + ld + ")")
		}
		if npfp := m.GetNationalPrefixForParsing(); npfp != "" {
			r.npfp = literalRule(npfp)
			if r.npfp.kind == prefixOther || m.GetNationalPrefixTransformRule() != "" {
				// Only tell when it applies; the stripping itself is left to libphonenumber.
				r.npfp = prefixRule{kind: prefixOther, expr: intern("^(?:" + npfp + ")")}
			}
		}
		p.byID[id] = len(p.regions)
		p.regions = append(p.regions, r)
	}
	if len(p.regions) == 0 {
		return nil, fmt.Errorf("calling code %d has no regions", cc)
	}
	dfa, err := newDigitDFA(exprs)
	if err != nil {
		return nil, fmt.Errorf("calling code %d: %w", cc, err)
	}
	p.dfa = dfa
	return p, nil
}

// matchesDesc is isNumberMatchingDesc for a number of length n ending in state s.
func matchesDesc(s *dfaState, d planDesc, n int) bool {
	if len(d.lengths) > 0 && !hasLength(d.lengths, n) {
		return false
	}
	return s.matched(d.expr)
}

func hasLength(lengths []int32, n int) bool {
	for _, l := range lengths {
		if int(l) == n {
			return true
		}
	}
	return false
}

// numberType is getNumberTypeHelper, step for step.
func (r *planRegion) numberType(s *dfaState, n int) phonenumbers.PhoneNumberType {
	if !matchesDesc(s, r.general, n) {
		return phonenumbers.UNKNOWN
	}
	for i, d := range r.special {
		if matchesDesc(s, d, n) {
			return specialTypes[i]
		}
	}
	if matchesDesc(s, r.fixed, n) {
		if r.sameFixedMob || matchesDesc(s, r.mobile, n) {
			return phonenumbers.FIXED_LINE_OR_MOBILE
		}
		return phonenumbers.FIXED_LINE
	}
	if !r.sameFixedMob && matchesDesc(s, r.mobile, n) {
		return phonenumbers.MOBILE
	}
	return phonenumbers.UNKNOWN
}

// answer is what GetRegionCodeForNumber, GetNumberType and IsValidNumber say of the
// national significant number of length n that ends in state s: the region's index in
// p.regions (-1 for none), the type and validity. It is worked out once per state and length.
func (p *callingPlan) answer(s *dfaState, n int) (region int, typ phonenumbers.PhoneNumberType, valid bool) {
	v := s.memo[n].Load()
	if v == 0 {
		region, typ, valid = p.work(s, n)
		v = 1 | uint32(region+1)<<8 | uint32(typ)<<20
		if valid {
			v |= 2
		}
		s.memo[n].Store(v)
	}
	return int(v>>8&0xfff) - 1, phonenumbers.PhoneNumberType(v >> 20), v&2 != 0
}

func (p *callingPlan) work(s *dfaState, n int) (int, phonenumbers.PhoneNumberType, bool) {
	// getRegionCodeForNumberFromRegionList: leading digits decide where present, else
	// validity does.
	region := -1
	if len(p.regions) == 1 {
		region = 0
	} else {
		for i := range p.regions {
			r := &p.regions[i]
			if r.leading >= 0 {
				if s.matched(r.leading) {
					region = i
					break
				}
			} else if r.numberType(s, n) != phonenumbers.UNKNOWN {
				region = i
				break
			}
		}
	}
	if region < 0 {
		return -1, phonenumbers.UNKNOWN, false
	}
	r := &p.regions[region]
	typ := r.numberType(s, n)
	// IsValidNumberForRegion also checks the region's calling code (moot for "001").
	valid := typ != phonenumbers.UNKNOWN && (r.id == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY || r.cc == p.cc)
	return region, typ, valid
}

// lengthResult is testNumberLength(number, metadata, UNKNOWN) for a number of length n.
func (r *planRegion) lengthResult(n int) phonenumbers.ValidationResult {
	pl := r.lengths
	if pl[0] == -1 {
		return phonenumbers.INVALID_LENGTH
	}
	if hasLength(r.localLengths, n) {
		return phonenumbers.IS_POSSIBLE_LOCAL_ONLY
	}
	switch {
	case int(pl[0]) == n:
		return phonenumbers.IS_POSSIBLE
	case int(pl[0]) > n:
		return phonenumbers.TOO_SHORT
	case int(pl[len(pl)-1]) < n:
		return phonenumbers.TOO_LONG
	}
	if hasLength(pl[1:], n) {
		return phonenumbers.IS_POSSIBLE
	}
	return phonenumbers.INVALID_LENGTH
}

// stripNationalPrefix is maybeStripNationalPrefixAndCarrierCode(num, r's metadata) with the
// carrier code dropped. ok is false when only libphonenumber can tell (a prefix rule other
// than plain digit strings that applies to num, or a DFA grown to its limit).
func (p *callingPlan) stripNationalPrefix(r *planRegion, num []byte) (out []byte, ok bool) {
	if len(num) == 0 {
		return num, true
	}
	switch r.npfp.kind {
	case prefixNone:
		return num, true
	case prefixOther:
		s := p.dfa.walk(num)
		if s == nil || s.matched(r.npfp.expr) {
			return nil, false
		}
		return num, true
	}
	lit, found := r.npfp.prefixOf(num)
	if !found {
		return num, true
	}
	orig := p.dfa.walk(num)
	if orig == nil {
		return nil, false
	}
	// A number that was viable stays unstripped if stripping makes it not viable.
	if orig.matched(r.general.expr) {
		rest := p.dfa.walk(num[len(lit):])
		if rest == nil {
			return nil, false
		}
		if !rest.matched(r.general.expr) {
			return num, true
		}
	}
	return num[len(lit):], true
}
