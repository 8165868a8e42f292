package domain

import "time"

// Portable is the answer of a portability check.
type Portable string

const (
	PortableYes   Portable = "yes"
	PortableNo    Portable = "no"
	CheckRequired Portable = "check_required" // the porting team must look before it can say
)

// Route is how a UK non-geographic number reaches the operator: by direct interconnect with
// the range holder or through a transit operator.
type Route string

const (
	RouteDirect  Route = "direct"
	RouteTransit Route = "transit"
)

// LOAType names the letter of authorisation a number needs; carriers reject a port sent on
// the wrong one.
type LOAType string

const (
	LOAUKGeographic    LOAType = "uk_geographic"
	LOAUKNonGeographic LOAType = "uk_non_geographic"
	LOAUSLocal         LOAType = "us_local"
	LOAUSTollFree      LOAType = "us_toll_free"
	LOACanada          LOAType = "canada"
	LOAInternational   LOAType = "international" // paperwork agreed with the porting team
	// LOAUKMobilePAC is no letter at all: a UK mobile ports on the PAC its user texts for.
	LOAUKMobilePAC LOAType = "uk_mobile_pac"
)

// Reasons a check gives, machine-readable. Each has a sentence for a person in the check's
// Message.
const (
	ReasonInvalidNumber     = "invalid_number"
	ReasonFictionalNumber   = "fictional_number"     // NANP 555-0100 to 555-0199: valid in form, never a line
	ReasonWithdrawnRange    = "withdrawn_range"      // 0500
	ReasonBlockNotInService = "block_not_in_service" // Free, Quarantined, Withdrawn… block
	ReasonNoAgreement       = "no_porting_agreement"
	ReasonAgreementCheck    = "agreement_check_required" // e.g. Magrathea: certain ranges only
	ReasonUnknownHolder     = "range_holder_unknown"
	ReasonInternational     = "international_by_request"
	ReasonNotPortableType   = "category_not_portable"
	ReasonProviderMismatch  = "losing_provider_not_range_holder" // a warning: a SUP order
	ReasonConflict          = "conflict"
	// ReasonPremiumRate: a North American 900 or 976 number, a premium-rate service the porting
	// team takes on by arrangement.
	ReasonPremiumRate = "premium_rate_by_request"
	// ReasonProviderOtherCountry is a warning: the losing provider is one the operator ports
	// from in other countries only (a UK carrier named on a US number).
	ReasonProviderOtherCountry = "losing_provider_other_country"
)

// Requirement is something the request must carry for a number.
const (
	RequireAccountNumber = "account_number"
	RequirePIN           = "pin"
	RequireBTN           = "btn"
	RequireServiceAddr   = "service_address"
	RequirePAC           = "pac" // UK mobile: the porting code texted by 65075
	// RequireLosingProviderAddress and RequireLineType: UK orders name the losing provider's
	// address and the installation as its records show it.
	RequireLosingProviderAddress = "losing_provider_address"
	RequireLineType              = "line_type"
	// RequireNewBTN: a partial port moving the billing number names the new one for the
	// lines that stay.
	RequireNewBTN = "new_btn"
)

// Conflict kinds: a number that is already the operator's or already moving.
const (
	ConflictInInventory     = "in_inventory"
	ConflictOpenPort        = "open_port"
	ConflictReceivingNumber = "active_receiving_number"
	// ConflictNotAvailable is what a customer learns of a number another tenant holds (on an
	// open port, in its inventory, porting out): one kind whatever the hold, so the check
	// tells nothing about other tenants. The porting team sees the kinds above.
	ConflictNotAvailable = "not_available"
)

// Conflict is why a number cannot simply be added to a new request.
type Conflict struct {
	Kind     string `json:"kind"`
	PortInID int64  `json:"port_in_id,omitempty"`
	// Numbers are the tracking numbers that forward to it (receiving-number conflicts).
	Numbers []string `json:"numbers,omitempty"`
}

// SMS after porting.
const (
	SMSKeeps      = "keeps_sms"      // mobiles keep SMS through the port
	SMSAfterVoice = "after_voice"    // 2-3 business days after voice
	SMSNone       = "not_applicable" // invalid or not portable
)

// Check is what PortDesk knows about one number before a port is asked for.
type Check struct {
	Input    string   `json:"input"`
	E164     string   `json:"e164"`
	Valid    bool     `json:"valid"`
	Country  string   `json:"country"`          // whose porting rules apply: US for the US territories
	Region   string   `json:"region,omitempty"` // libphonenumber's region ("PR" for Puerto Rico)
	Category string   `json:"category"`
	Portable Portable `json:"portable"`
	Reasons  []string `json:"reasons"`
	Message  string   `json:"message"`
	Route    Route    `json:"route,omitempty"`
	// RangeHolder is Ofcom's range holder (UK) or NANPA/CNAC's original code holder; for
	// a UK mobile without range data, libphonenumber's original network.
	RangeHolder       string     `json:"range_holder"`
	RangeHolderSource string     `json:"range_holder_source,omitempty"` // ofcom, nanpa, nanpa_block, cnac, original_network
	LeadTimeAssumes   UKOrder    `json:"lead_time_assumes,omitempty"`   // UK fixed line, range holder unknown: the order the lead time assumes
	RateCentre        string     `json:"rate_centre,omitempty"`
	Agreement         string     `json:"agreement,omitempty"` // the provider matched in the porting-agreements table
	LOAType           LOAType    `json:"loa_type,omitempty"`
	Requires          []string   `json:"requires"`
	Conflicts         []Conflict `json:"conflicts"`
	SMS               string     `json:"sms"`
	Suggestion        string     `json:"suggestion,omitempty"` // 0500 → its 0808 5 replacement
	// Carrier is what the API carrier we port through said of a US or Canadian number within
	// the day (who holds it, whether it can port); nil when it was not asked.
	Carrier *CarrierAnswer `json:"carrier_answer,omitempty"`
}

// PortingAgreement is a losing provider the operator can port from, in one country, for
// some number categories.
type PortingAgreement struct {
	ID          int64     `json:"id"`
	Country     string    `json:"country"`
	Provider    string    `json:"provider"`
	FormerNames []string  `json:"former_names"` // names the provider traded under before
	Categories  []string  `json:"categories"`   // empty: every category of the country
	Portable    Portable  `json:"portable"`     // yes, or check_required for certain ranges only
	Route       Route     `json:"route,omitempty"`
	Notes       string    `json:"notes"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// AuditEntry records a change to something other than a request (agreements, prices).
type AuditEntry struct {
	ID        int64
	Subject   string // "porting_agreement:12", "price_table"
	ActorID   int64
	ActorName string
	Action    string // created, updated, deleted
	Detail    string // JSON of the new value, or a summary
	At        time.Time
}
