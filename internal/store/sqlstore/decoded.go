package sqlstore

import (
	"encoding/json"
	"slices"
	"sync"

	"github.com/portdesk/portdesk/internal/domain"
)

// decodedKept bounds the JSON texts kept decoded, per column: past it a column's are
// dropped and kept again as read.
const decodedKept = 4096

// decoded keeps the request rows' JSON columns decoded, by their text: a list page of 50
// decoded its rows' person, addresses, recipients, acceptances (a time each) and rejections
// every time, half of the page's work. Keyed by the text itself, an entry cannot be stale,
// whoever changed the row; each reader gets a copy of its own.
type decoded struct {
	mu          sync.RWMutex
	persons     map[string]domain.Person
	addresses   map[string]domain.Address
	recipients  map[string][]string
	acceptances map[string][]domain.Acceptance
	rejections  map[string][]domain.Rejection
}

func newDecoded() *decoded {
	return &decoded{persons: map[string]domain.Person{}, addresses: map[string]domain.Address{}, recipients: map[string][]string{},
		acceptances: map[string][]domain.Acceptance{}, rejections: map[string][]domain.Rejection{}}
}

// decodeKept decodes text into *dst as json.Unmarshal would into a zero value, from d's
// copy when it has one. copyOf gives a value of its own (slices cloned); d may be nil. Empty
// text (a column a brief list does not read) leaves *dst as it is.
func decodeKept[T any](d *decoded, m map[string]T, text string, dst *T, copyOf func(T) T) error {
	if text == "" {
		return nil
	}
	if d == nil {
		return json.Unmarshal([]byte(text), dst)
	}
	d.mu.RLock()
	v, ok := m[text]
	d.mu.RUnlock()
	if ok {
		*dst = copyOf(v)
		return nil
	}
	var fresh T
	if err := json.Unmarshal([]byte(text), &fresh); err != nil {
		return err
	}
	*dst = copyOf(fresh)
	d.mu.Lock()
	if len(m) >= decodedKept {
		clear(m)
	}
	m[text] = fresh
	d.mu.Unlock()
	return nil
}

func same[T any](v T) T { return v }

// decodeJSON decodes the row's JSON columns into r.p.
func (r *portInRow) decodeJSON(d *decoded) error {
	p := &r.p
	var persons map[string]domain.Person
	var addresses map[string]domain.Address
	var recipients map[string][]string
	var acceptances map[string][]domain.Acceptance
	var rejections map[string][]domain.Rejection
	if d != nil {
		persons, addresses, recipients, acceptances, rejections = d.persons, d.addresses, d.recipients, d.acceptances, d.rejections
	}
	if err := decodeKept(d, persons, r.person, &p.AuthorisedPerson, same); err != nil {
		return err
	}
	if err := decodeKept(d, addresses, r.billing, &p.BillingAddress, same); err != nil {
		return err
	}
	if r.service != nil {
		p.ServiceAddress = &domain.Address{}
		if err := decodeKept(d, addresses, *r.service, p.ServiceAddress, same); err != nil {
			return err
		}
	}
	if err := decodeKept(d, recipients, r.recipients, &p.Recipients, slices.Clone); err != nil {
		return err
	}
	if err := decodeKept(d, acceptances, r.acceptances, &p.Acceptances, slices.Clone); err != nil {
		return err
	}
	if r.quote != nil {
		// Not kept: its lines and totals are slices within slices.
		p.QuoteAcceptance = &domain.QuoteAcceptance{}
		if err := json.Unmarshal([]byte(*r.quote), p.QuoteAcceptance); err != nil {
			return err
		}
	}
	return decodeKept(d, rejections, r.rejections, &p.Rejections, slices.Clone)
}
