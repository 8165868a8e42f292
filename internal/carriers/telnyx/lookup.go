package telnyx

import (
	"context"
	"net/url"

	"github.com/portdesk/portdesk/internal/domain"
)

// checkBatch is how many numbers one portability check carries: Telnyx takes a list, and
// a bounded one keeps a refusal of one batch from costing the others.
const checkBatch = 100

// LookUp asks Telnyx about US and Canadian numbers: a portability check per batch (portable,
// fast-port eligible, why not) and a number lookup each (the carrier holding it now). A lookup
// Telnyx refuses for one number (a Canadian number on an account without Canadian data) leaves
// its carrier unknown; Telnyx busy or down fails the whole, to be asked again later.
func (c *Connector) LookUp(ctx context.Context, numbers []string) ([]domain.CarrierNumberFacts, error) {
	out := make([]domain.CarrierNumberFacts, 0, len(numbers))
	for start := 0; start < len(numbers); start += checkBatch {
		var got one[[]struct {
			PhoneNumber       string `json:"phone_number"`
			Portable          bool   `json:"portable"`
			FastPortable      bool   `json:"fast_portable"`
			NotPortableReason string `json:"not_portable_reason"`
		}]
		in := map[string][]string{"phone_numbers": numbers[start:min(start+checkBatch, len(numbers))]}
		if err := c.jsonCall(ctx, "portability check", "POST", "/portability_checks", in, &got); err != nil {
			return nil, err
		}
		for _, r := range got.Data {
			f := domain.CarrierNumberFacts{Number: r.PhoneNumber, Portable: r.Portable, FastPortable: r.Portable && r.FastPortable, AskedAt: c.clock.Now()}
			if !r.Portable {
				f.NotPortableReason = r.NotPortableReason
			}
			out = append(out, f)
		}
	}
	for i := range out {
		var got one[struct {
			Carrier *struct {
				Name string `json:"name"`
				Type string `json:"type"`
			} `json:"carrier"`
		}]
		err := c.jsonCall(ctx, "number lookup", "GET", "/number_lookup/"+url.PathEscape(out[i].Number)+"?type=carrier", nil, &got)
		if domain.IsCode(err, domain.ErrUnavailable) || domain.IsCode(err, domain.ErrUnauthenticated) {
			return nil, err
		}
		if err == nil && got.Data.Carrier != nil {
			out[i].LosingCarrier, out[i].LosingCarrierType = got.Data.Carrier.Name, got.Data.Carrier.Type
		}
	}
	return out, nil
}

var _ domain.NumberLookup = (*Connector)(nil)
