package portin

import (
	"context"
	"encoding/base64"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

// A request holds up to 100,000 numbers: what reads it shows them a page at a time.
const (
	DefaultNumbersPage = 100
	MaxNumbersPage     = 1000
)

// NumbersQuery asks for one page of a request's numbers.
type NumbersQuery struct {
	Cursor string              // from the previous page; empty for the first
	Limit  int                 // default DefaultNumbersPage, at most MaxNumbersPage
	Status domain.NumberStatus // only the numbers of this status, when set
}

// NumbersPage is one page of a request's numbers, in number order, and how many the
// request holds (of the status asked for). NextCursor is empty on the last page.
type NumbersPage struct {
	Items      []domain.PortNumber
	Count      int
	NextCursor string
	// SMS is the SMS state of each of the page's numbers, once the port completed.
	SMS map[string]domain.SMSStatus
}

// Numbers reads one page of the numbers of a request the actor may see.
func (s *Service) Numbers(ctx context.Context, a domain.Actor, id int64, q NumbersQuery) (_ NumbersPage, err error) {
	defer Kind.Wrap(&err, "numbers", id)
	p, err := s.frame.Visible(ctx, s.desk.Store, a, id)
	if err != nil {
		return NumbersPage{}, err
	}
	page, err := s.numbersPage(ctx, s.desk.Store, id, q)
	if err != nil {
		return NumbersPage{}, err
	}
	page.SMS, err = s.smsOf(ctx, p, page.Items)
	return page, err
}

var numberStatuses = []domain.NumberStatus{domain.NumberPending, domain.NumberSubmitted, domain.NumberInProgress, domain.NumberScheduled,
	domain.NumberActionRequired, domain.NumberPorted, domain.NumberRejected, domain.NumberCancelled, domain.NumberSetAside}

func (s *Service) numbersPage(ctx context.Context, q domain.Queries, id int64, nq NumbersQuery) (NumbersPage, error) {
	var v domain.Validation
	limit := nq.Limit
	switch {
	case limit == 0:
		limit = DefaultNumbersPage
	case limit < 0 || limit > MaxNumbersPage:
		v.Add("limit", "invalid", "Ask for 1 to "+itoa(MaxNumbersPage)+" numbers a page.")
	}
	after := ""
	if nq.Cursor != "" {
		after = readNumberCursor(nq.Cursor, &v)
	}
	if nq.Status != "" && !containsStatus(nq.Status) {
		v.Add("status", "invalid", "Unknown number status "+string(nq.Status)+".")
	}
	if err := v.Err(domain.ErrInvalid, "the page asked for is not valid"); err != nil {
		return NumbersPage{}, err
	}
	items, err := q.PortInNumbersPage(ctx, id, domain.NumberPageFilter{After: after, Status: nq.Status, Limit: limit + 1})
	if err != nil {
		return NumbersPage{}, err
	}
	page := NumbersPage{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		page.NextCursor = numberCursor(page.Items[limit-1].Number)
	}
	if page.Items == nil {
		page.Items = []domain.PortNumber{}
	}
	if after == "" && page.NextCursor == "" {
		// The first page holds them all: it is their count.
		page.Count = len(page.Items)
		return page, nil
	}
	if page.Count, err = q.CountPortInNumbers(ctx, id, nq.Status); err != nil {
		return NumbersPage{}, err
	}
	return page, nil
}

func containsStatus(st domain.NumberStatus) bool {
	for _, s := range numberStatuses {
		if s == st {
			return true
		}
	}
	return false
}

// numberCursor is the opaque cursor of a page that ends with number.
func numberCursor(number string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(number))
}

// readNumberCursor reads a cursor numberCursor gave out: an E.164 number.
func readNumberCursor(cursor string, v *domain.Validation) string {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	n := string(b)
	if err != nil || len(n) < 2 || len(n) > 16 || n[0] != '+' || strings.Trim(n[1:], "0123456789") != "" {
		v.Add("cursor", "invalid", "This cursor is not one PortDesk gave out.")
		return ""
	}
	return n
}
