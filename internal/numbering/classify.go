package numbering

import (
	"sync"
	"sync/atomic"

	"github.com/nyaruka/phonenumbers"
)

// Classification is what libphonenumber says of a number, computed without its regexes.
type Classification struct {
	E164   string                       // "+" + country code + national significant number
	Region string                       // as phonenumbers.GetRegionCodeForNumber ("GB", "US", "CA", "001", "" for none)
	Valid  bool                         // == phonenumbers.IsValidNumber
	Type   phonenumbers.PhoneNumberType // == phonenumbers.GetNumberType
}

// Classifier answers what phonenumbers.Parse, IsValidNumber, GetNumberType and
// GetRegionCodeForNumber would, exactly, but runs each country calling code's patterns as one
// lazily built DFA instead of a regexp per pattern. Inputs of unusual shape go to
// libphonenumber itself. It is safe for concurrent use; after warm-up the fast path takes no
// locks.
type Classifier struct {
	callingCodes [1000]bool     // the calling codes libphonenumber knows
	regionCC     map[string]int // supported region → its calling code
	regionMeta   map[string]*phonenumbers.PhoneMetadata
	nonGeoMeta   map[int]*phonenumbers.PhoneMetadata

	mu    sync.Mutex // serialises building plans
	plans [1000]atomic.Pointer[callingPlan]
}

// unusablePlan marks a calling code whose plan could not be built: its numbers go to
// libphonenumber.
var unusablePlan = &callingPlan{}

// NewClassifier reads libphonenumber's metadata; the plans of calling codes are built when
// first needed.
func NewClassifier() *Classifier {
	c := &Classifier{
		regionCC:   map[string]int{},
		regionMeta: map[string]*phonenumbers.PhoneMetadata{},
		nonGeoMeta: map[int]*phonenumbers.PhoneMetadata{},
	}
	for cc := range phonenumbers.GetSupportedCallingCodes() {
		if cc > 0 && cc < len(c.callingCodes) {
			c.callingCodes[cc] = true
		}
	}
	if coll, err := phonenumbers.MetadataCollection(); err == nil {
		// The same maps libphonenumber builds from the same collection (the last entry wins).
		for _, m := range coll.GetMetadata() {
			if m.GetId() == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY {
				c.nonGeoMeta[int(m.GetCountryCode())] = m
			} else {
				c.regionMeta[m.GetId()] = m
			}
		}
	}
	for region := range phonenumbers.GetSupportedRegions() {
		if m := c.regionMeta[region]; m != nil && region != "" {
			c.regionCC[region] = int(m.GetCountryCode())
		}
	}
	return c
}

// Classify reads raw as phonenumbers.Parse(raw, defaultRegion) would. ok=false means it could
// not be parsed (Parse returned an error).
func (c *Classifier) Classify(raw, defaultRegion string) (Classification, bool) {
	if cl, ok, done := c.fast(raw, defaultRegion); done {
		return cl, ok
	}
	if fewerThanTwoDigits(raw) {
		return Classification{}, false
	}
	return libClassify(raw, defaultRegion)
}

// libClassify asks libphonenumber.
func libClassify(raw, defaultRegion string) (Classification, bool) {
	n, err := phonenumbers.Parse(raw, defaultRegion)
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

// plan returns the plan of calling code cc, building it on first use, or nil when there is
// none to be had.
func (c *Classifier) plan(cc int) *callingPlan {
	if cc <= 0 || cc >= len(c.plans) || !c.callingCodes[cc] {
		return nil
	}
	p := c.plans[cc].Load()
	if p == nil {
		p = c.buildPlan(cc)
	}
	if p == unusablePlan {
		return nil
	}
	return p
}

func (c *Classifier) buildPlan(cc int) *callingPlan {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.plans[cc].Load(); p != nil {
		return p
	}
	ids := phonenumbers.GetRegionCodesForCountryCode(cc)
	metas := make([]*phonenumbers.PhoneMetadata, len(ids))
	for i, id := range ids {
		// getMetadataForRegionOrCallingCode.
		if id == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY {
			metas[i] = c.nonGeoMeta[cc]
		} else {
			metas[i] = c.regionMeta[id]
		}
	}
	p, err := newCallingPlan(cc, ids, metas)
	if err != nil {
		p = unusablePlan
	}
	c.plans[cc].Store(p)
	return p
}
