package sqlstore

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

const portInCols = `p.id, p.account_id, p.status, p.version, p.status_reason, p.losing_provider, p.losing_provider_address,
	p.customer_name, p.customer_type, p.authorised_person, p.billing_address, p.service_address, p.account_number,
	p.pin_sealed, p.btn, p.port_type, p.new_btn, p.desired_date, p.recipients, p.acceptances,
	p.created_by, p.created_at, p.updated_at, p.submitted_at, COALESCE(p.parent_id, 0), p.quote_acceptance, p.line_type, p.ddi,
	p.rejections, p.foc, COALESCE(p.assigned_to, 0), p.papers`

// briefPortInCols are the columns a list reads (domain.PortInFilter.Brief), in briefDest's
// order: what a list shows or judges a row by (its status, dates, FOC and agent for the
// queue; its billing address for the country of a request without numbers). On SQLite every
// column read takes the connection's mutex twice, a third of a page's CPU with all 36.
const briefPortInCols = `p.id, p.account_id, p.status, p.version, p.losing_provider, p.customer_name, p.billing_address,
	p.desired_date, p.created_at, p.updated_at, p.submitted_at, p.foc, COALESCE(p.assigned_to, 0)`

// portInRow holds the columns as stored; structured fields are JSON text, and the named
// string types plain strings (a driver converts into a named type by reflection, a cost on
// every row of a list).
type portInRow struct {
	p                                        domain.PortIn
	person, billing, recipients, acceptances string
	rejections                               string
	status, customerType, portType           string
	lineType, ddi                            string
	service, quote                           *string
	desired, submitted, foc                  *int64
	created, updated                         int64
}

// dest is where a row's columns go, then extra (a list's own columns): one slice per row.
func (r *portInRow) dest(extra ...any) []any {
	p := &r.p
	return append(append(make([]any, 0, 32+len(extra)), &p.ID, &p.AccountID, &r.status, &p.Version, &p.StatusReason, &p.LosingProvider,
		&p.LosingProviderAddress, &p.CustomerName, &r.customerType, &r.person, &r.billing, &r.service, &p.AccountNumber,
		&p.PINSealed, &p.BTN, &r.portType, &p.NewBTN, &r.desired, &r.recipients, &r.acceptances,
		&p.CreatedBy, &r.created, &r.updated, &r.submitted, &p.ParentID, &r.quote, &r.lineType, &r.ddi,
		&r.rejections, &r.foc, &p.AssignedTo, &p.Papers), extra...)
}

// briefDest is dest for briefPortInCols: the rest of the row stays empty.
func (r *portInRow) briefDest(extra ...any) []any {
	p := &r.p
	return append(append(make([]any, 0, 13+len(extra)), &p.ID, &p.AccountID, &r.status, &p.Version, &p.LosingProvider,
		&p.CustomerName, &r.billing, &r.desired, &r.created, &r.updated, &r.submitted, &r.foc, &p.AssignedTo), extra...)
}

func (r *portInRow) decode() (domain.PortIn, error) { return r.decodeWith(nil) }

// decodeWith is decode with the JSON texts already decoded that d keeps (nil: none).
func (r *portInRow) decodeWith(d *decoded) (domain.PortIn, error) {
	if err := r.decodeJSON(d); err != nil {
		return r.p, err
	}
	p := r.p
	p.Status, p.CustomerType, p.PortType = domain.Status(r.status), domain.CustomerType(r.customerType), domain.PortType(r.portType)
	p.LineType, p.DDI = domain.LineType(r.lineType), domain.DDIRange(r.ddi)
	if len(p.Rejections) == 0 {
		p.Rejections = nil
	}
	if len(p.PINSealed) == 0 {
		p.PINSealed = nil
	}
	p.FOC = fromTSPtr(r.foc)
	p.DesiredDate, p.SubmittedAt = fromTSPtr(r.desired), fromTSPtr(r.submitted)
	p.CreatedAt, p.UpdatedAt = fromTS(r.created), fromTS(r.updated)
	return p, nil
}

func scanPortIn(r Row) (domain.PortIn, error) { return scanPortInWith(nil)(r) }

// scanPortInWith is scanPortIn with the JSON texts d keeps decoded.
func scanPortInWith(d *decoded) func(Row) (domain.PortIn, error) {
	return func(r Row) (domain.PortIn, error) {
		var row portInRow
		if err := r.Scan(row.dest()...); err != nil {
			return domain.PortIn{}, err
		}
		return row.decodeWith(d)
	}
}

// encoded is a request's structured fields as JSON text, in column order.
func encoded(p *domain.PortIn) (person, billing string, service *string, recipients, acceptances string, quote *string, rejections string) {
	j := func(v any) string {
		b, _ := json.Marshal(v) // plain structs and slices: cannot fail
		return string(b)
	}
	if p.ServiceAddress != nil {
		s := j(p.ServiceAddress)
		service = &s
	}
	if p.QuoteAcceptance != nil {
		q := j(p.QuoteAcceptance)
		quote = &q
	}
	rs, as := p.Recipients, p.Acceptances
	if rs == nil {
		rs = []string{}
	}
	if as == nil {
		as = []domain.Acceptance{}
	}
	rj := p.Rejections
	if rj == nil {
		rj = []domain.Rejection{}
	}
	return j(p.AuthorisedPerson), j(p.BillingAddress), service, j(rs), j(as), quote, j(rj)
}

// portInInsertCols are the columns a new request is written with, in portInValues' order.
const portInInsertCols = `account_id, status, version, status_reason, losing_provider, losing_provider_address,
	customer_name, customer_type, authorised_person, billing_address, service_address, account_number, pin_sealed, btn,
	port_type, new_btn, desired_date, recipients, acceptances, created_by, created_at, updated_at, submitted_at,
	parent_id, quote_acceptance, line_type, ddi, rejections, foc, assigned_to, open, btn_rev`

// portInValues adds a new request's values as arguments and returns their placeholders.
func portInValues(b *builder, p *domain.PortIn) string {
	person, billing, service, recips, accepts, quote, rejections := encoded(p)
	ph := make([]string, 0, 32)
	for _, v := range []any{p.AccountID, string(p.Status), p.Version, p.StatusReason, p.LosingProvider, p.LosingProviderAddress,
		p.CustomerName, string(p.CustomerType), person, billing, service, p.AccountNumber, p.PINSealed, p.BTN,
		string(p.PortType), p.NewBTN, tsPtr(p.DesiredDate), recips, accepts, p.CreatedBy, ts(p.CreatedAt), ts(p.UpdatedAt),
		tsPtr(p.SubmittedAt), p.ParentID, quote, string(p.LineType), string(p.DDI), rejections, tsPtr(p.FOC), p.AssignedTo,
		p.Status.Open(), reversedDigits(p.BTN)} {
		ph = append(ph, b.arg(v))
	}
	// No parent and no agent are NULL, for their foreign keys.
	ph[23] = `NULLIF(CAST(` + ph[23] + ` AS BIGINT), 0)`
	ph[29] = `NULLIF(CAST(` + ph[29] + ` AS BIGINT), 0)`
	return "(" + strings.Join(ph, ",") + ")"
}

func (s *Queries) CreatePortIn(ctx context.Context, p *domain.PortIn) error {
	p.Version = 1
	var b builder
	b.sql.WriteString(`INSERT INTO port_ins (` + portInInsertCols + `) VALUES `)
	b.sql.WriteString(portInValues(&b, p) + ` RETURNING id`)
	return s.wrap(s.q.QueryRow(ctx, b.sql.String(), b.args...).Scan(&p.ID))
}

func (s *Queries) PortIn(ctx context.Context, id int64) (domain.PortIn, error) {
	return one(ctx, s, scanPortInWith(s.decoded), `SELECT `+portInCols+` FROM port_ins p WHERE p.id = $1`, id)
}

func (s *Queries) PortInStamp(ctx context.Context, id int64) (domain.PortInStamp, error) {
	var st domain.PortInStamp
	err := s.q.QueryRow(ctx, `SELECT p.account_id, COALESCE(v.port_ins_version, 0)
		FROM port_ins p`+s.versionJoin("v", "p.account_id")+` WHERE p.id = $1`, id).Scan(&st.AccountID, &st.Version)
	return st, s.wrap(err)
}

func (s *Queries) UpdatePortIn(ctx context.Context, p *domain.PortIn) error {
	person, billing, service, recips, accepts, quote, rejections := encoded(p)
	n, err := s.exec(ctx, `UPDATE port_ins SET status = $1, version = version + 1, status_reason = $2, losing_provider = $3,
		losing_provider_address = $4, customer_name = $5, customer_type = $6, authorised_person = $7, billing_address = $8,
		service_address = $9, account_number = $10, pin_sealed = $11, btn = $12, port_type = $13, new_btn = $14,
		desired_date = $15, recipients = $16, acceptances = $17, updated_at = $18, submitted_at = $19, quote_acceptance = $22,
		line_type = $23, ddi = $24, rejections = $25, foc = $26, assigned_to = NULLIF(CAST($27 AS BIGINT), 0), open = $28, btn_rev = $29
		WHERE id = $20 AND version = $21`,
		string(p.Status), p.StatusReason, p.LosingProvider, p.LosingProviderAddress, p.CustomerName, string(p.CustomerType),
		person, billing, service, p.AccountNumber, p.PINSealed, p.BTN, string(p.PortType), p.NewBTN,
		tsPtr(p.DesiredDate), recips, accepts, ts(p.UpdatedAt), tsPtr(p.SubmittedAt), p.ID, p.Version, quote, string(p.LineType), string(p.DDI),
		rejections, tsPtr(p.FOC), p.AssignedTo, p.Status.Open(), reversedDigits(p.BTN))
	if err != nil {
		return err
	}
	if n == 0 {
		// Tell a lost race from a missing row: only the first is worth a reload.
		if _, err := s.PortIn(ctx, p.ID); err != nil {
			return err
		}
		return domain.Errorf(domain.ErrStale, "the request was changed by someone else")
	}
	p.Version++
	return nil
}

// ListPortIns reads each list from an index (#17): the counts a list shows are kept on the
// request (migration 0019), a number search is index ranges over numbers and BTNs,
// several statuses that are all open or all ended also say so in open, which (open, id)
// serves in order, and a subtree's list and the overdue view are a page of each account or
// overdue status, merged (armsPage).
func (s *Queries) ListPortIns(ctx context.Context, f domain.PortInFilter) ([]domain.PortInSummary, error) {
	var b builder
	cols, dest := portInCols, (*portInRow).dest
	if f.Brief {
		cols, dest = briefPortInCols, (*portInRow).briefDest
	}
	// where holds the filters but the text search, which repeats them in each of its arms;
	// a subtree's list without a search repeats them in an arm per account instead.
	var where strings.Builder
	if f.AccountIDs != nil && len(f.AccountIDs) == 0 {
		return []domain.PortInSummary{}, nil
	}
	byAccount := len(f.AccountIDs) > 1 && f.Text == "" && f.Number == "" && f.ID == 0 && f.Overdue == nil
	if f.AccountIDs != nil && !byAccount {
		where.WriteString(` AND p.account_id IN ` + b.in(anys(f.AccountIDs)))
	}
	// The overdue view's arms name their statuses, narrowed to the list's (see overdue).
	if len(f.Statuses) > 0 && f.Overdue == nil {
		// Several statuses all open (or all ended) walk (…, open, id); one status walks
		// (…, status, id) exactly, and an open clause beside it led SQLite to walk every ended
		// request of a customer for a status it has none of (12 ms of CPU at a million).
		// Every open (or every ended) status is open alone, which the index answers without
		// reading each row for its status (a reseller's open list on SQLite: 0.8 ms of CPU).
		open := slices.ContainsFunc(f.Statuses, domain.Status.Open)
		of := func(st domain.Status) bool { return st.Open() == open }
		switch {
		case len(f.Statuses) == 1 || slices.ContainsFunc(f.Statuses, func(st domain.Status) bool { return !of(st) }):
			where.WriteString(` AND p.status IN ` + s.statusesIn(&b, f.Statuses))
		case slices.ContainsFunc(domain.Statuses, func(st domain.Status) bool { return of(st) && !slices.Contains(f.Statuses, st) }):
			where.WriteString(` AND p.status IN ` + s.statusesIn(&b, f.Statuses) + ` AND ` + openIs(open))
		default: // every open status, or every ended one
			where.WriteString(` AND ` + openIs(open))
		}
	}
	if f.Number != "" || f.ID > 0 {
		// The requests a search finds are read first, a few by ID, so that the page is the
		// same statement for any number (matchedIDs).
		ids, few, err := s.matchedIDs(ctx, f.Number, f.ID)
		switch {
		case err != nil:
			return nil, err
		case few && len(ids) == 0:
			return []domain.PortInSummary{}, nil
		case few:
			where.WriteString(` AND p.id IN ` + idsIn(&b, ids))
		default:
			where.WriteString(` AND p.id IN (` + matching(&b, f.Number, f.ID) + `)`)
		}
	}
	if f.ParentID > 0 {
		where.WriteString(` AND p.parent_id = ` + b.arg(f.ParentID))
	}
	if f.BeforeID > 0 {
		where.WriteString(` AND p.id < ` + b.arg(f.BeforeID))
	}
	if f.AfterID > 0 {
		where.WriteString(` AND p.id > ` + b.arg(f.AfterID))
	}
	if f.Assigned != nil {
		if *f.Assigned == 0 {
			where.WriteString(` AND p.assigned_to IS NULL`)
		} else {
			where.WriteString(` AND p.assigned_to = ` + b.arg(*f.Assigned))
		}
	}
	// Without a text search the overdue view is a page of each of its arms, merged; with
	// one, its condition stands beside the search's (which repeats where in its own arms).
	overdueArms := f.Overdue != nil && f.Text == ""
	if f.Overdue != nil && !overdueArms {
		where.WriteString(` AND ` + orOf(s.overdueConds(&b, overdue(f.Overdue, f.Statuses))))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	order := "DESC"
	if f.OldestFirst {
		order = "ASC"
	}
	lim := s.pageLimit(&b, limit)
	b.sql.WriteString(`SELECT ` + cols + `, a.name, a.country, p.numbers_count, p.notes_count, p.first_number
		FROM port_ins p JOIN accounts a ON a.id = p.account_id WHERE `)
	switch {
	case byAccount:
		b.sql.WriteString(accountsPage(&b, "port_ins", f.AccountIDs, where.String(), order, lim))
	case overdueArms:
		arms := overdue(f.Overdue, f.Statuses)
		reads, err := s.overdueReads(ctx, arms, limit)
		if err != nil {
			return nil, err
		}
		b.sql.WriteString(armsPage("port_ins", s.overdueConds(&b, arms), reads, where.String(), order, lim, false))
	default:
		b.sql.WriteString(`1 = 1` + where.String())
	}
	planEach := false
	if f.Text != "" {
		names, many, err := s.nameMatching(ctx, &b, f.Text, where.String(), order, lim, limit)
		if err != nil {
			return nil, err
		}
		b.sql.WriteString(` AND ` + names)
		planEach = many
	}
	b.sql.WriteString(` ORDER BY p.id ` + order + ` LIMIT ` + lim)
	args := b.args
	if pe, ok := s.q.(PlanEach); ok && planEach {
		args = append([]any{pe.PlanEach()}, args...)
	}
	// One row's destinations serve every row of the page: a request's row is 800 bytes, and
	// one a row, with its slice of destinations, was a tenth of a list's CPU in the allocator
	// and the collector. Each row starts from empty, so nothing of the one before stays.
	var row portInRow
	var sum domain.PortInSummary
	var country string
	to := dest(&row, &sum.AccountName, &country, &sum.NumberCount, &sum.NoteCount, &sum.FirstNumber)
	// A search by number or ID finds a request or a few: room for a page there cost more
	// than it saved (a search by E.164 on SQLite, 40 -> 65-73 µs of CPU).
	size := 0
	if limit <= pageRows && f.Number == "" && f.ID == 0 {
		size = limit
	}
	return listSized(ctx, s, size, func(r Row) (domain.PortInSummary, error) {
		row, sum, country = portInRow{}, domain.PortInSummary{}, ""
		if err := r.Scan(to...); err != nil {
			return sum, err
		}
		p, err := row.decodeWith(s.decoded)
		sum.PortIn, sum.AccountCountry = p, domain.Country(country)
		return sum, err
	}, b.sql.String(), args...)
}

// statusesIn is a list's statuses as an IN list: written in the statement where the engine
// plans once (PlansOnce) and each is one the desk knows, so that the one plan is the one
// made for them (the queue seeks (open, id), one status of a customer's (account_id,
// status, id)); else arguments. PostgreSQL's plan for any statuses of the queue cost as
// much again as one for its own, so it planned the queue on every run. SQLite keeps a
// statement per text, which a choice of statuses each would fill.
func (s *Queries) statusesIn(b *builder, sts []domain.Status) string {
	unknown := func(st domain.Status) bool { return !slices.Contains(domain.Statuses, st) }
	if _, ok := s.q.(PlansOnce); !ok || slices.ContainsFunc(sts, unknown) {
		return b.in(strs(sts))
	}
	// A known status is lower-case letters and underscores: nothing to escape.
	quoted := make([]string, len(sts))
	for i, st := range sts {
		quoted[i] = `'` + string(st) + `'`
	}
	return `(` + strings.Join(quoted, `, `) + `)`
}

// openIs is the condition that a request is open (or ended), written in the statement: as an
// argument, a plan made once for any (PlansOnce) could not seek (open, id) by it, and walked
// the team's queue oldest first by ID through the ended requests (1.4 ms in the server
// where the seek took 0.2).
func openIs(open bool) string {
	if open {
		return `p.open = TRUE`
	}
	return `p.open = FALSE`
}

// pageRows is the most rows a page of a list reads (desk.List: 200, and one to tell whether
// another page follows), for which ListPortIns makes room at once; a larger read (a job's
// batch, a request's orders) grows as its rows come.
const pageRows = 201

// overdueArm is one status that can be overdue and the date it is overdue by: scheduled at
// a FOC before the cut, or submitted or in progress since before the other.
type overdueArm struct {
	status domain.Status
	date   string // the column: foc or submitted_at
	before time.Time
	index  string // (status, date): SQLite's migration 0032
}

// overdueCond is an arm's condition. Where the engine plans once (PlansOnce) the status is
// written in, and the cut too, rounded up to the minute, beside the exact cut as an
// argument: PostgreSQL planned the view for its arguments on every run (0.5–0.8 ms to plan,
// as long as it took to run, at a million requests), its plan for any cut costing more; with
// a bound it can read, it plans a statement once and keeps it, a new text a minute, and the
// argument still says exactly which are overdue.
func (s *Queries) overdueCond(b *builder, a overdueArm) string {
	date, cut := `p.`+a.date, ts(a.before)
	if _, ok := s.q.(PlansOnce); !ok {
		return `p.status = ` + b.arg(string(a.status)) + ` AND ` + date + ` < ` + b.arg(cut)
	}
	bound := `p.status IN ` + s.statusesIn(b, []domain.Status{a.status})
	const minute = int64(time.Minute / time.Microsecond)
	// Division rounds toward zero: up already for a cut before 1970. A cut within a minute
	// of int64's end would wrap round; it keeps no bound.
	up := cut / minute * minute
	if up < cut {
		up += minute
	}
	if up >= cut {
		bound += ` AND ` + date + ` < ` + strconv.FormatInt(up, 10)
	}
	return bound + ` AND ` + date + ` < ` + b.arg(cut)
}

// overdue is the overdue view's arms, one per status that can be overdue, of the list's
// statuses only when it names any (none: no arm). Each arm walks (status, id), which
// carries both dates (migration 0029), in order and stops after a page: when many are
// overdue it reads a page, when few at most the index entries of those statuses, never a
// request's row it does not show. As one condition with the statuses beside it, PostgreSQL
// multiplied the shares of the conditions on status as if independent, expected 300 rows
// where 48,000 matched and read them all to keep 50 (0.8 s at a million requests); without
// the statuses, when few were overdue, it walked every request (2.8 s).
func overdue(c *domain.OverdueCut, statuses []domain.Status) []overdueArm {
	var arms []overdueArm
	for _, st := range []domain.Status{domain.StatusScheduled, domain.StatusSubmitted, domain.StatusInProgress} {
		if len(statuses) > 0 && !slices.Contains(statuses, st) {
			continue
		}
		if st == domain.StatusScheduled {
			arms = append(arms, overdueArm{st, "foc", c.FOCBefore, "port_ins_status_foc"})
		} else {
			arms = append(arms, overdueArm{st, "submitted_at", c.SubmittedBefore, "port_ins_status_submitted"})
		}
	}
	return arms
}

// overdueConds is each arm's condition.
func (s *Queries) overdueConds(b *builder, arms []overdueArm) []string {
	out := make([]string, len(arms))
	for i, a := range arms {
		out[i] = s.overdueCond(b, a)
	}
	return out
}

// fewOverduePages is how many pages' worth of a status's overdue requests a ChosenReads
// engine reads from the date's index, sorted, rather than walk the status in ID order: when
// fewer are overdue, the date's index reads just them (a walk newest first reads every
// entry of the status to find the oldest few: 5–6 ms of CPU on SQLite at a million
// requests, 15–30 ms in PostgreSQL's server); when more, a walk finds a page of them sooner.
const fewOverduePages = 10

// overdueWalk is the index an arm walks in ID order (migration 0029).
const overdueWalk = "port_ins_status_id"

// overdueReads is how each arm is read on a ChosenReads engine (nil elsewhere: the
// planner chooses): from the date's index when fewer than fewOverduePages pages of the
// status are overdue, counted from that index up to the bound, else by the walk in ID
// order. A statement an arm: all the counts in one statement held a SQLite connection the
// longer (the view's p99 at a million 41–43 → 51–55 ms), though on PostgreSQL, where each
// statement is a round trip, one was 10–20% the faster.
func (s *Queries) overdueReads(ctx context.Context, arms []overdueArm, limit int) ([]armRead, error) {
	e, ok := s.q.(ChosenReads)
	if !ok {
		return nil, nil
	}
	few := fewOverduePages * limit
	reads := make([]armRead, len(arms))
	for i, a := range arms {
		// The count reads the date's index as the arm will when few are overdue.
		r := &reads[i]
		r.hint, r.orderBy = e.ReadArm(a.index, true)
		key := chosenArm{a.before.Unix() / 60, limit}
		many, ok := s.overdueChosen.get(a.status, key)
		if !ok {
			n, err := s.countUpTo(ctx, r.hint, func(c *builder) string { return s.overdueCond(c, a) }, few)
			if err != nil {
				return nil, err
			}
			many = n >= few
			s.overdueChosen.set(a.status, key, many)
		}
		if many {
			r.hint, r.orderBy = e.ReadArm(overdueWalk, false)
		}
	}
	return reads, nil
}

// chosenArm is what an overdue arm's choice was counted for: the minute of its cut and the
// page size (its status is the slot it is kept in).
type chosenArm struct {
	minute int64
	limit  int
}

// namesRecount is how many searches of a text its choice serves before the text's
// requests are counted again: what a text holds changes as requests come and go, and a
// choice kept for as long as the same text is asked for would never notice. Often enough
// to notice, seldom enough to stay out of the p99 (with the overdue view counted again
// every 64th view, its counts were there).
const namesRecount = 1000

// choices keeps each slot's last choice between two reads of an arm (many: walk in ID
// order) and what it was counted for, so that a slot is counted again only when asked for
// something else (the overdue view's cut turns every minute), or after recount lists when
// that is set: the overdue view's three counts were half its time on PostgreSQL at a million
// requests, and a word's count half a search's on SQLite. Both reads list the same
// requests, so a choice out of date costs time, never a wrong page. Keeping the last choice
// of each slot alone bounds it, whatever callers search for.
type choices[S, K comparable] struct {
	recount int // 0: kept while asked for the same
	mu      sync.Mutex
	last    map[S]choice[K]
}

type choice[K comparable] struct {
	key  K
	many bool
	uses int
}

func (c *choices[S, K]) get(slot S, k K) (many, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, ok := c.last[slot]
	if !ok || ch.key != k {
		return false, false
	}
	if c.recount > 0 && ch.uses >= c.recount {
		// This caller counts again; the others keep the choice meanwhile. All counting at
		// once, 32 callers each counted a word's requests on PostgreSQL (7-10 ms a count)
		// every thousand searches: the search's p99 (64-91 ms at a p50 of 24-30).
		ch.uses = 0
		c.last[slot] = ch
		return false, false
	}
	ch.uses++
	c.last[slot] = ch
	return ch.many, true
}

func (c *choices[S, K]) set(slot S, k K, many bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last == nil {
		c.last = map[S]choice[K]{}
	}
	c.last[slot] = choice[K]{key: k, many: many, uses: 1}
}

// countUpTo counts the requests cond (written into the count's own builder) finds, read as
// hint says, up to bound: what a ChosenReads engine chooses an arm's read by.
func (s *Queries) countUpTo(ctx context.Context, hint string, cond func(*builder) string, bound int) (int, error) {
	var b builder
	b.sql.WriteString(`SELECT COUNT(*) FROM (SELECT 1 FROM port_ins p` + hint + ` WHERE ` + cond(&b) + ` LIMIT ` + b.arg(bound) + `) AS c`)
	return s.count(ctx, &b)
}

// count runs b, a count.
func (s *Queries) count(ctx context.Context, b *builder) (int, error) {
	var n int
	if err := s.q.QueryRow(ctx, b.sql.String(), b.args...).Scan(&n); err != nil {
		return 0, s.wrap(err)
	}
	return n, nil
}

// orOf is arms as one condition; no arms match nothing.
func orOf(arms []string) string {
	if len(arms) == 0 {
		return `1 = 0`
	}
	return `((` + strings.Join(arms, `) OR (`) + `))`
}

func (s *Queries) DeletePortIn(ctx context.Context, id int64) error {
	// Numbers and notes go with the request (ON DELETE CASCADE); events have no foreign key
	// and stay, so the audit trail outlives what it describes.
	return notFoundIfNone(s.exec(ctx, `DELETE FROM port_ins WHERE id = $1`, id))
}

func (s *Queries) StaleDrafts(ctx context.Context, before time.Time, limit int) ([]domain.PortIn, error) {
	return list(ctx, s, scanPortIn, `SELECT `+portInCols+` FROM port_ins p WHERE p.status = $1 AND p.updated_at < $2 ORDER BY p.id LIMIT $3`,
		string(domain.StatusDraft), ts(before), limit)
}

func sortAccounts(as []domain.Account) {
	slices.SortFunc(as, func(a, b domain.Account) int {
		if c := strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
}
