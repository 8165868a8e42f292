package portin

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portability"
)

// CheckRequest asks for the portability of numbers on behalf of an account.
type CheckRequest struct {
	// AccountID is whose inventory and routing the conflicts are checked against; 0 takes
	// the actor's own account (staff: no account, so only open ports conflict).
	AccountID      int64
	DefaultCountry string // how national formats are read; default the account's country
	LosingProvider string
	// PortInID is the request the numbers are on, if any: its own numbers are not
	// conflicts.
	PortInID int64
}

// checkBatchSize is how many numbers are checked against the store at a time: bounded
// memory for a million numbers, and well under both engines' parameter limits per query.
const checkBatchSize = 2000

// checker is a check in progress: what it needs from the store, loaded once.
type checker struct {
	s          *Service
	staff      bool // the porting team sees every conflict as it is
	q          domain.Queries
	req        CheckRequest
	tree       []int64
	agreements *portability.Agreements
	// ported are the numbers the request itself has ported: their inventory entry is the
	// port's result, not a conflict with it.
	ported map[string]bool
	// asks is whether a carrier answers for US and Canadian numbers (then its answers are
	// read), read once asked tells: only when a check is of such a number, so that a request
	// of UK numbers does not read the carriers.
	asks, asked bool
}

// known is what a caller has already read of the account whose numbers are checked, so
// that the checker does not read it again: the account, and its subtree when known (nil
// when not). Only the porting team's (the system's) checks take it: they need no scope.
type known struct {
	account *domain.Account
	tree    desk.Scope
}

func (s *Service) newChecker(ctx context.Context, q domain.Queries, a domain.Actor, req CheckRequest) (*checker, error) {
	return s.newCheckerKnown(ctx, q, a, req, known{})
}

func (s *Service) newCheckerKnown(ctx context.Context, q domain.Queries, a domain.Actor, req CheckRequest, k known) (*checker, error) {
	var v domain.Validation
	req.LosingProvider = v.Text("losing_provider", req.LosingProvider, domain.ShortText)
	if req.DefaultCountry = v.Text("default_country", req.DefaultCountry, domain.ShortText); req.DefaultCountry != "" && !twoLetters(req.DefaultCountry) {
		v.Add("default_country", "invalid", "Give a two-letter country code, such as GB or US.")
	}
	if err := v.Err(domain.ErrInvalid, "the check is not valid"); err != nil {
		return nil, err
	}
	if req.AccountID == 0 {
		req.AccountID = a.AccountID
	}
	c := &checker{s: s, q: q, req: req, staff: a.Staff}
	if req.AccountID != 0 {
		var acc domain.Account
		var err error
		if a.Staff && k.account != nil && k.account.ID == req.AccountID {
			acc = *k.account
		} else if acc, err = s.desk.VisibleAccount(ctx, q, a, req.AccountID); err != nil {
			return nil, err
		}
		if req.DefaultCountry == "" {
			c.req.DefaultCountry = string(acc.Country)
		}
		if a.Staff && k.account != nil && k.account.ID == acc.ID && k.tree != nil {
			c.tree = k.tree
		} else if c.tree, err = q.AccountSubtree(ctx, acc.ID); err != nil {
			return nil, err
		}
	}
	if c.req.DefaultCountry == "" {
		c.req.DefaultCountry = "GB"
	}
	c.req.DefaultCountry = strings.ToUpper(c.req.DefaultCountry)
	var err error
	c.agreements, err = s.agreements(ctx, q)
	return c, err
}

// check checks a batch of raw numbers: the number itself, then conflicts with the
// operator's records.
func (c *checker) check(ctx context.Context, raws []string) ([]domain.Check, error) {
	out := make([]domain.Check, len(raws))
	var nums []string
	for i, raw := range raws {
		out[i] = c.s.checker.Check(portability.Input{Raw: raw, DefaultCountry: c.req.DefaultCountry, LosingProvider: c.req.LosingProvider}, c.agreements)
		if out[i].E164 != "" {
			nums = append(nums, out[i].E164)
		}
	}
	if len(nums) == 0 {
		return out, nil
	}
	if err := c.carrierAnswers(ctx, out); err != nil {
		return nil, err
	}
	held, err := c.q.OpenPortsHolding(ctx, nums)
	if err != nil {
		return nil, err
	}
	inv, err := c.q.InventoryByNumbers(ctx, nums)
	if err != nil {
		return nil, err
	}
	var routing map[string][]string
	if len(c.tree) > 0 {
		if routing, err = c.q.ActiveReceivingNumbers(ctx, c.tree, nums); err != nil {
			return nil, err
		}
	}
	for i := range out {
		ch := &out[i]
		if ch.E164 == "" {
			continue
		}
		// A hold by another tenant is one not_available, whichever hold and however many.
		elsewhere := false
		if id, ok := held[ch.E164]; ok && id != c.req.PortInID {
			if own, err := c.ownPortIn(ctx, id); err != nil {
				return nil, err
			} else if own {
				ch.Conflicts = append(ch.Conflicts, domain.Conflict{Kind: domain.ConflictOpenPort, PortInID: id})
			} else {
				elsewhere = true
			}
		}
		if n, ok := inv[ch.E164]; ok && n.Status.Served() && !c.ported[ch.E164] {
			if c.staff || desk.Scope(c.tree).Sees(n.AccountID) {
				ch.Conflicts = append(ch.Conflicts, domain.Conflict{Kind: domain.ConflictInInventory})
			} else {
				elsewhere = true
			}
		}
		if elsewhere {
			ch.Conflicts = append(ch.Conflicts, domain.Conflict{Kind: domain.ConflictNotAvailable})
		}
		if t, ok := routing[ch.E164]; ok {
			ch.Conflicts = append(ch.Conflicts, domain.Conflict{Kind: domain.ConflictReceivingNumber, Numbers: t})
		}
		if len(ch.Conflicts) > 0 && !contains(ch.Reasons, domain.ReasonConflict) {
			ch.Reasons = append(ch.Reasons, domain.ReasonConflict)
		}
	}
	return out, nil
}

// ownPortIn says whether the actor may hear which request holds a number: the porting team
// always, a customer when the request is in its own accounts.
func (c *checker) ownPortIn(ctx context.Context, id int64) (bool, error) {
	if c.staff {
		return true, nil
	}
	p, err := c.q.PortIn(ctx, id)
	if domain.IsCode(err, domain.ErrNotFound) {
		return false, nil // gone since: still not the customer's
	}
	if err != nil {
		return false, err
	}
	return desk.Scope(c.tree).Sees(p.AccountID), nil
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// CheckNumbers checks a list of numbers (up to the row limit) in one answer.
func (s *Service) CheckNumbers(ctx context.Context, a domain.Actor, req CheckRequest, raws []string) (_ []domain.Check, err error) {
	defer desk.Wrap(&err, "check %s", domain.Plural(len(raws), "number"))
	checks, err := s.checkNumbers(ctx, a, req, raws)
	if err != nil {
		return nil, err
	}
	return checks, s.askCarrier(ctx, checks)
}

func (s *Service) checkNumbers(ctx context.Context, a domain.Actor, req CheckRequest, raws []string) ([]domain.Check, error) {
	if len(raws) > s.desk.Limits.MaxRows {
		return nil, domain.Errorf(domain.ErrTooLarge, "at most %d numbers in one answer: check more as a list that streams (a CSV file)", s.desk.Limits.MaxRows)
	}
	out := make([]domain.Check, 0, len(raws))
	rows := make([]domain.NumberRow, len(raws))
	for i, raw := range raws {
		rows[i] = domain.NumberRow{Line: i + 1, Number: raw}
	}
	err := s.checkStream(ctx, a, req, RowList(rows), func(c domain.Check) error {
		out = append(out, c)
		return nil
	})
	return out, err
}

// CheckStream checks the numbers of src (the first column of each row) and hands each result
// to emit, a batch at a time: memory stays bounded however many numbers come (a million and
// more).
func (s *Service) CheckStream(ctx context.Context, a domain.Actor, req CheckRequest, src domain.RowSource, emit func(domain.Check) error) (err error) {
	defer desk.Wrap(&err, "check a list of numbers")
	return s.checkStream(ctx, a, req, src, emit)
}

func (s *Service) checkStream(ctx context.Context, a domain.Actor, req CheckRequest, src domain.RowSource, emit func(domain.Check) error) error {
	c, err := s.newChecker(ctx, s.desk.Store, a, req)
	if err != nil {
		return err
	}
	batch := make([]string, 0, checkBatchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		res, err := c.check(ctx, batch)
		if err != nil {
			return err
		}
		for _, r := range res {
			if err := emit(r); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return ctx.Err()
	}
	for {
		row, err := src.Next()
		if errors.Is(err, io.EOF) {
			return flush()
		}
		if err != nil {
			return err
		}
		batch = append(batch, row.Number)
		if len(batch) == checkBatchSize {
			if err := flush(); err != nil {
				return err
			}
		}
	}
}

// PlanNumbers checks a list and says what it would become: orders, set-aside numbers,
// lead times and a quote (the Check numbers page).
func (s *Service) PlanNumbers(ctx context.Context, a domain.Actor, req CheckRequest, raws []string) (_ []domain.Check, _ portability.Plan, err error) {
	defer desk.Wrap(&err, "plan %s", domain.Plural(len(raws), "number"))
	checks, err := s.checkNumbers(ctx, a, req, raws)
	if err == nil {
		err = s.askCarrier(ctx, checks)
	}
	if err != nil {
		return nil, portability.Plan{}, err
	}
	c, err := s.newChecker(ctx, s.desk.Store, a, req)
	if err != nil {
		return nil, portability.Plan{}, err
	}
	prices, err := s.billing.Prices(ctx, s.desk.Store)
	if err != nil {
		return nil, portability.Plan{}, err
	}
	return checks, portability.MakePlan(checks, portability.PlanInput{LosingProvider: req.LosingProvider, Now: s.desk.Now(), Prices: prices, Agreements: c.agreements}), nil
}

// twoLetters: an ISO 3166 alpha-2 code, in either case.
func twoLetters(s string) bool {
	return len(s) == 2 && strings.IndexFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') }) < 0
}
