package desk

import (
	"context"
	"strconv"

	"github.com/portdesk/portdesk/internal/domain"
)

// Page is one page of a list; NextCursor is empty on the last page.
type Page[T any] struct {
	Items      []T
	NextCursor string
}

// Status is what a list filters by: a port-in's or a port-out's status.
type Status interface {
	~string
	Valid() bool
}

// ListQuery is what every list of port-ins or port-outs takes.
type ListQuery[S Status] struct {
	Statuses  []S
	AccountID int64  // 0: every account the actor sees; else that account and those below it
	Cursor    string // from the previous page
	Limit     int    // default 50, at most 200
}

// Slice is a page's worth of the store's rows: the accounts to read, the cursor's row ID
// (0: from the start) and how many rows to read.
type Slice struct {
	AccountIDs []int64 // nil: every account (the team)
	After      int64
	Limit      int
}

// List reads one page of what the actor sees. It checks the statuses, the page size and the
// cursor, all at once; narrows to the account asked for, if the actor sees it; and reads one
// row more than the page holds, to tell whether another page follows. check adds the list's
// own filters' problems to v before anything is read.
func List[T any, S Status](ctx context.Context, d *Desk, a domain.Actor, q ListQuery[S], check func(v *domain.Validation),
	read func(Slice) ([]T, error), id func(T) int64) (Page[T], error) {
	var v domain.Validation
	for _, st := range q.Statuses {
		if !st.Valid() {
			v.Add("status", "invalid", "Unknown status "+strconv.Quote(string(st))+".")
		}
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	if limit > 200 {
		v.Add("limit", "too_large", "Ask for at most 200 a page.")
	}
	sl := Slice{Limit: limit + 1}
	if q.Cursor != "" {
		sl.After = ReadCursor(q.Cursor, &v)
	}
	if check != nil {
		check(&v)
	}
	if err := v.Err(domain.ErrInvalid, "the filter is not valid"); err != nil {
		return Page[T]{}, err
	}
	sc, err := d.ScopeOf(ctx, d.Store, a)
	if err != nil {
		return Page[T]{}, err
	}
	sl.AccountIDs = sc
	if q.AccountID != 0 {
		if !sc.Sees(q.AccountID) {
			return Page[T]{Items: []T{}}, nil
		}
		if sl.AccountIDs, err = d.Store.AccountSubtree(ctx, q.AccountID); err != nil {
			return Page[T]{}, err
		}
	}
	items, err := read(sl)
	if err != nil {
		return Page[T]{}, err
	}
	page := Page[T]{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		page.NextCursor = Cursor(id(page.Items[limit-1]))
	}
	if page.Items == nil {
		page.Items = []T{}
	}
	return page, nil
}
