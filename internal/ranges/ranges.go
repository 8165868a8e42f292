// Package ranges knows who each number block was allocated to: Ofcom's number-range files for
// the UK, NANPA's central-office and thousands-block files for the US and CNAC's for Canada.
// They give the range holder (UK) or original code holder (US/CA), never today's carrier:
// a number may have been ported since.
package ranges

import "strings"

// Source is the register a block came from.
type Source string

const (
	SourceOfcom      Source = "ofcom"
	SourceNANPA      Source = "nanpa"
	SourceNANPABlock Source = "nanpa_block" // thousands-block pooling
	SourceCNAC       Source = "cnac"
)

// Block is one allocation: every number whose E.164 digits start with Prefix.
type Block struct {
	Prefix string // E.164 digits without "+": "441134960" for Ofcom's "1134 96 0"
	Status string // as published: Allocated, Free, Quarantined, Withdrawn…
	Holder string // CP name (UK) or company (US/CA); empty where the register has none
	Area   string // rate centre or exchange area (US/CA)
	Source Source
}

// InService reports whether the block is allocated to a provider. Ofcom's "Allocated(Closed
// Range)" is allocated too: the range is closed to new allocations, not to calls.
func (b Block) InService() bool {
	s := strings.ToLower(strings.TrimSpace(b.Status))
	return strings.HasPrefix(s, "allocated") || s == "in service" || s == "assigned"
}

// digits keeps the digits of s.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}
