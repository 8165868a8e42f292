package portin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/numbering"
)

// RowResult is what became of one row: ok, an error that kept it out, or a warning.
type RowResult struct {
	Line            int    `json:"line"`
	Input           string `json:"input"`
	Number          string `json:"number,omitempty"` // E.164 when it parsed
	ReceivingNumber string `json:"receiving_number,omitempty"`
	TrackingSource  string `json:"tracking_source,omitempty"`
	Code            string `json:"code"`  // "ok", an error code, or a warning code
	Error           bool   `json:"error"` // the row was not (or would not be) added
	Field           string `json:"field,omitempty"`
	Message         string `json:"message,omitempty"`
	// Suggestion is the number to port instead: a withdrawn 0500 number's 0808 5 replacement,
	// as the check gives it.
	Suggestion string `json:"suggestion,omitempty"`
}

// NumbersResult reports an upload row by row.
type NumbersResult struct {
	DryRun   bool        `json:"dry_run"`
	Total    int         `json:"total"`
	Added    int         `json:"added"` // added, or that would be added on a dry run
	Rejected int         `json:"rejected"`
	Warnings int         `json:"warnings"`
	Version  int64       `json:"version"` // the request's version afterwards
	Rows     []RowResult `json:"rows"`
}

// maxTrackingSource is the longest tracking source a number may carry.
const maxTrackingSource = 100

// chunk is how many rows are checked against the store in one go: big enough to keep
// round trips few, small enough to bound memory per batch.
const chunk = 2000

// AddNumbers checks rows and, unless dryRun, adds the good ones to the request in one
// transaction. One bad row never blocks the good ones; each gets its own result.
func (s *Service) AddNumbers(ctx context.Context, a domain.Actor, id, version int64, src domain.RowSource, dryRun bool) (NumbersResult, error) {
	const op = "add numbers to"
	res, err := s.checkUpload(ctx, a, id, version, src, dryRun)
	if err != nil {
		Kind.Wrap(&err, op, id)
		return NumbersResult{}, err
	}
	if dryRun || res.Added == 0 {
		return res, nil
	}
	err = s.writeNumbers(ctx, op, a, id, version, &res, res.toAdd())
	if errors.As(err, new(*numbersTaken)) {
		// Another request took some of the numbers between the check and the write: check
		// the rows again, so that the loser reads what it would have read coming second
		// (number_in_open_port on the row) and its other rows still go in.
		if err = s.recheck(ctx, a, id, &res); err == nil && res.Added > 0 {
			err = s.writeNumbers(ctx, op, a, id, version, &res, res.toAdd())
		}
	}
	if err != nil {
		err = lostAgain(err)
		Kind.Wrap(&err, op, id)
		return NumbersResult{}, err
	}
	return res, nil
}

// writeNumbers adds the checked rows in one change of the request.
func (s *Service) writeNumbers(ctx context.Context, op string, a domain.Actor, id, version int64, res *NumbersResult, good []domain.PortNumber) error {
	_, err := s.frame.Change(ctx, op, a, id, version, func(tx domain.Tx, p *domain.PortIn) error {
		if err := s.checkEditable(a, *p); err != nil {
			return err
		}
		if err := s.storeNumbers(ctx, tx, a, p, good); err != nil {
			return err
		}
		if supplementable(p.Status) {
			if err := s.supplement(ctx, tx, a, p, domain.Plural(len(good), "number")+" added"); err != nil {
				return err
			}
		}
		res.Version = p.Version
		return s.scheduleDraftExpiry(ctx, tx, *p)
	})
	return err
}

// recheck checks again, against the store as it is now, the rows an upload was about to add;
// those no longer good get the code a later upload would give them.
func (s *Service) recheck(ctx context.Context, a domain.Actor, id int64, res *NumbersResult) error {
	p, err := s.frame.Visible(ctx, s.desk.Store, a, id)
	if err != nil {
		return err
	}
	tree, err := s.desk.Store.AccountSubtree(ctx, p.AccountID)
	if err != nil {
		return err
	}
	good := 0
	idx := make([]int, 0, chunk)
	flush := func() error {
		if len(idx) == 0 {
			return nil
		}
		g, err := s.checkBatch(ctx, s.desk.Store, p, tree, res.Rows, idx)
		good += g
		idx = idx[:0]
		return err
	}
	for j := range res.Rows {
		if res.Rows[j].Error {
			continue
		}
		res.Rows[j].Code, res.Rows[j].Field, res.Rows[j].Message = domain.RowOK, "", ""
		if idx = append(idx, j); len(idx) == chunk {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	res.tally(good)
	return nil
}

// toAdd are the numbers of the rows to add, built when they are written rather than kept
// beside the rows from the check: a preview of 100,000 rows holds one copy of them.
func (res *NumbersResult) toAdd() []domain.PortNumber {
	good := make([]domain.PortNumber, 0, res.Added)
	for _, r := range res.Rows {
		if r.Error {
			continue
		}
		pn := domain.PortNumber{Number: r.Number, ReceivingNumber: r.ReceivingNumber, TrackingSource: r.TrackingSource}
		if r.Code != domain.RowOK {
			pn.Warnings = []string{r.Code} // the one warning a row carries (checkBatch)
		}
		good = append(good, pn)
	}
	return good
}

// tally counts the rows by fate once they are all checked.
func (res *NumbersResult) tally(added int) {
	res.Total, res.Added, res.Rejected, res.Warnings = len(res.Rows), added, 0, 0
	for _, r := range res.Rows {
		switch {
		case r.Error:
			res.Rejected++
		case r.Code != domain.RowOK:
			res.Warnings++
		}
	}
}

// numbersTaken is a write of numbers that a unique index refused: another open request got
// one of them after this one's check.
type numbersTaken struct{ err error }

func (e *numbersTaken) Error() string { return "a number was taken meanwhile: " + e.err.Error() }
func (e *numbersTaken) Unwrap() error { return e.err }

// lostAgain is what a second lost race reads as: a conflict to check the numbers again.
func lostAgain(err error) error {
	var taken *numbersTaken
	if errors.As(err, &taken) {
		return &domain.Error{Code: domain.ErrConflict, Message: "another request took some of these numbers meanwhile: check them again", Err: taken.err}
	}
	return err
}

// checkUpload checks an upload's rows against the request as it stands, outside any
// transaction (a dry run writes nothing); the rows without an error are to be added.
func (s *Service) checkUpload(ctx context.Context, a domain.Actor, id, version int64, src domain.RowSource, dryRun bool) (NumbersResult, error) {
	p, err := s.frame.Visible(ctx, s.desk.Store, a, id)
	if err != nil {
		return NumbersResult{}, err
	}
	if err := s.checkEditable(a, p); err != nil {
		return NumbersResult{}, err
	}
	if !dryRun || version != 0 {
		if err := desk.CheckVersion(Kind.Name, p.Version, version); err != nil {
			return NumbersResult{}, err
		}
	}
	acc, err := s.desk.Store.Account(ctx, p.AccountID)
	if err != nil {
		return NumbersResult{}, err
	}
	res, err := s.checkRows(ctx, s.desk.Store, p, acc, src)
	if err != nil {
		return NumbersResult{}, err
	}
	res.DryRun = dryRun
	res.Version = p.Version
	return res, nil
}

func (s *Service) checkEditable(a domain.Actor, p domain.PortIn) error {
	if p.Status.Editable() || supplementable(p.Status) {
		return nil
	}
	return &domain.Error{Code: domain.ErrIllegalTransition,
		Message: "numbers can only change until the port completes; it is " + p.Status.Label(),
		Allowed: domain.StatusNames(domain.AllowedTransitions(p.Status, a.Party()))}
}

// storeNumbers writes checked numbers, bumps the request's version and records the event.
func (s *Service) storeNumbers(ctx context.Context, tx domain.Tx, a domain.Actor, p *domain.PortIn, good []domain.PortNumber) error {
	st, now := domain.NumberStatusFor(p.Status), s.desk.Now()
	for i := range good {
		good[i].PortInID = p.ID
		good[i].Status = st
		good[i].AddedAt = now
	}
	if err := tx.AddPortInNumbers(ctx, p.ID, good); err != nil {
		if domain.IsCode(err, domain.ErrConflict) {
			return &numbersTaken{err}
		}
		return err
	}
	p.UpdatedAt = s.desk.Now()
	if err := tx.UpdatePortIn(ctx, p); err != nil {
		return err
	}
	return s.frame.Record(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventNumbersAdded, Detail: domain.Plural(len(good), "number") + " added"})
}

// checkRows reads every row and decides its fate: the rows without an error are to be added.
func (s *Service) checkRows(ctx context.Context, q domain.Queries, p domain.PortIn, acc domain.Account, src domain.RowSource) (NumbersResult, error) {
	existing, err := q.PortInNumbers(ctx, p.ID)
	if err != nil {
		return NumbersResult{}, err
	}
	seen := make(map[string]int, len(existing))
	for _, n := range existing {
		seen[n.Number] = 0 // line 0: already on the request before this upload
	}
	tree, err := q.AccountSubtree(ctx, acc.ID)
	if err != nil {
		return NumbersResult{}, err
	}
	res := NumbersResult{Rows: []RowResult{}}
	// A list's national-format numbers are read in the request's country once it has one.
	region := s.readingCountry(acc, p, existing, nil)
	// Uploads repeat one forward-to number for many rows: parse each distinct one once.
	receiving := map[string]parsed{}
	good := 0
	batch := make([]int, 0, chunk) // indexes into res.Rows of rows that parsed
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		g, err := s.checkBatch(ctx, q, p, tree, res.Rows, batch)
		good += g
		batch = batch[:0]
		return err
	}
	for {
		row, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return NumbersResult{}, err
		}
		r := s.parseRow(row, acc, region, seen, receiving)
		res.Rows = append(res.Rows, r)
		if len(res.Rows) == hintAfter {
			res.Rows = roomFor(res.Rows, src, s.desk.Limits.MaxRows)
		}
		if r.Code == domain.RowOK {
			batch = append(batch, len(res.Rows)-1)
			if len(batch) == chunk {
				if err := flush(); err != nil {
					return NumbersResult{}, err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return NumbersResult{}, err
	}
	res.tally(good)
	if res.Added+len(existing) > s.desk.Limits.MaxRows {
		return NumbersResult{}, domain.Errorf(domain.ErrTooLarge,
			"a request holds at most %d numbers; this one has %d and the upload adds %d: split it into several requests",
			s.desk.Limits.MaxRows, len(existing), res.Added)
	}
	return res, nil
}

// hintAfter is how many rows an upload's check reads before it asks the source how many
// there are (domain.RowsHinter): enough for a file's estimate to have settled.
const hintAfter = 1024

// roomFor gives rows room for as many as src says it holds, up to most.
func roomFor(rows []RowResult, src domain.RowSource, most int) []RowResult {
	h, ok := src.(domain.RowsHinter)
	if !ok {
		return rows
	}
	if n := min(h.RowsHint(), most); n > cap(rows) {
		return slices.Grow(rows, n-len(rows))
	}
	return rows
}

// parseRow checks what a row says on its own: its numbers parse, its fields fit, it is not a
// repeat within the request.
type parsed struct {
	n   domain.ParsedNumber
	err error
}

func (s *Service) parseRow(row domain.NumberRow, acc domain.Account, region domain.Country, seen map[string]int, receiving map[string]parsed) RowResult {
	r := RowResult{Line: row.Line, Input: row.Number, TrackingSource: strings.TrimSpace(row.TrackingSource), Code: domain.RowOK}
	fail := func(code, field, msg string) RowResult {
		r.Code, r.Error, r.Field, r.Message = code, true, field, msg
		return r
	}
	n, err := s.desk.Numbers.Parse(row.Number, region)
	if err != nil {
		msg := domain.MessageOf(err)
		if e164, ok := withdrawn(row.Number); ok {
			r.Suggestion, _ = numbering.WithdrawnReplacement(e164)
			msg = numbering.WithdrawnSentence(e164) // whatever country the list is read in
		}
		return fail(domain.RowInvalidNumber, "number", msg)
	}
	r.Number = n.E164
	if strings.TrimSpace(row.ReceivingNumber) != "" {
		p, ok := receiving[row.ReceivingNumber]
		if !ok {
			p.n, p.err = s.desk.Numbers.Parse(row.ReceivingNumber, region)
			receiving[row.ReceivingNumber] = p
		}
		rn, err := p.n, p.err
		if err != nil {
			return fail(domain.RowInvalidReceiving, "receiving_number", "Receiving number: "+domain.MessageOf(err))
		}
		if rn.E164 == n.E164 {
			return fail(domain.RowInvalidReceiving, "receiving_number", "A number cannot forward to itself: choose another receiving number.")
		}
		r.ReceivingNumber = rn.E164
	}
	var v domain.Validation
	if r.TrackingSource = v.Text("tracking_source", row.TrackingSource, domain.TextRule{Max: maxTrackingSource}); len(v.Fields) > 0 {
		if v.Fields[0].Code == "too_long" {
			return fail(domain.RowTooLong, "tracking_source", fmt.Sprintf("Use at most %d characters for the tracking source.", maxTrackingSource))
		}
		return fail(domain.RowInvalidText, "tracking_source", "Tracking source: "+v.Fields[0].Message)
	}
	if name := strings.TrimSpace(row.AccountName); name != "" && !strings.EqualFold(name, acc.Name) {
		return fail(domain.RowAccountMismatch, "account_name", fmt.Sprintf(
			"This row is for account %q but the request ports into %q: put it on a request of that account.", name, acc.Name))
	}
	if line, dup := seen[n.E164]; dup {
		if line == 0 {
			return fail(domain.RowDuplicateInRequest, "number", n.E164+" is already on this request.")
		}
		return fail(domain.RowDuplicateInRequest, "number", fmt.Sprintf("%s is already on line %d of this upload.", n.E164, line))
	}
	seen[n.E164] = row.Line
	return r
}

// withdrawn reads raw as a withdrawn UK 0500 number, when it is written as one: with a
// leading 0 or an international +44 (no North American number starts with 0).
func withdrawn(raw string) (string, bool) {
	i := strings.IndexAny(raw, "+0123456789")
	if i < 0 || (raw[i] != '0' && raw[i] != '+') {
		return "", false
	}
	e164, ok := numbering.UKDigits(raw)
	return e164, ok && numbering.Categorize(e164) == numbering.Withdrawn
}

// checkBatch checks parsed rows against the store, one query each for open ports, inventory
// and routing, and returns how many are still good.
func (s *Service) checkBatch(ctx context.Context, q domain.Queries, p domain.PortIn, tree []int64, rows []RowResult, idx []int) (int, error) {
	nums := make([]string, len(idx))
	for i, j := range idx {
		nums[i] = rows[j].Number
	}
	held, err := q.OpenPortsHolding(ctx, nums)
	if err != nil {
		return 0, err
	}
	inv, err := q.InventoryByNumbers(ctx, nums)
	if err != nil {
		return 0, err
	}
	routing, err := q.ActiveReceivingNumbers(ctx, tree, nums)
	if err != nil {
		return 0, err
	}
	good := 0
	for _, j := range idx {
		r := &rows[j]
		if other, ok := held[r.Number]; ok {
			r.Code, r.Error, r.Field = domain.RowNumberInOpenPort, true, "number"
			if other == p.ID {
				r.Code, r.Message = domain.RowDuplicateInRequest, r.Number+" is already on this request."
			} else {
				r.Message = r.Number + " is already on another open port request: a number can be on one open port at a time."
			}
			continue
		}
		if n, ok := inv[r.Number]; ok && n.Status.Served() {
			r.Code, r.Error, r.Field = domain.RowNumberAlreadyActive, true, "number"
			if desk.Scope(tree).Sees(n.AccountID) {
				r.Message = r.Number + " is already active in your account: there is nothing to port."
			} else {
				r.Message = r.Number + " is already served by us: contact the porting team."
			}
			continue
		}
		if trackers, ok := routing[r.Number]; ok {
			r.Code, r.Field = domain.WarnActiveReceiving, "number"
			r.Message = fmt.Sprintf("%s is the receiving number of your tracking number %s: choose other routing for it before the port.",
				r.Number, strings.Join(trackers, ", "))
		}
		good++
	}
	return good, nil
}

// RemoveNumber takes a number off a request that is still editable.
func (s *Service) RemoveNumber(ctx context.Context, a domain.Actor, id, version int64, number string) (domain.PortIn, error) {
	return s.frame.Change(ctx, "remove a number from", a, id, version, func(tx domain.Tx, p *domain.PortIn) error {
		if err := s.checkEditable(a, *p); err != nil {
			return err
		}
		acc, err := tx.Account(ctx, p.AccountID)
		if err != nil {
			return err
		}
		ns, err := tx.PortInNumbers(ctx, id)
		if err != nil {
			return err
		}
		e164 := number
		if n, err := s.desk.Numbers.Parse(number, s.readingCountry(acc, *p, ns, nil)); err == nil {
			e164 = n.E164
		}
		if err := tx.RemovePortInNumber(ctx, id, e164); err != nil {
			if domain.IsCode(err, domain.ErrNotFound) {
				return desk.NotFound("number " + number + " on this request")
			}
			return err
		}
		if supplementable(p.Status) {
			return s.supplement(ctx, tx, a, p, e164+" removed")
		}
		p.UpdatedAt = s.desk.Now()
		if err := tx.UpdatePortIn(ctx, p); err != nil {
			return err
		}
		if err := s.frame.Record(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventNumberRemoved, Detail: e164 + " removed"}); err != nil {
			return err
		}
		return s.scheduleDraftExpiry(ctx, tx, *p)
	})
}
