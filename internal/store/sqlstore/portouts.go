package sqlstore

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

const portOutCols = `p.id, p.account_id, p.status, p.version, p.status_reason, p.origin, p.gaining_provider, p.gaining_reference,
	p.end_user_name, p.postcode, p.pin_outcome, p.desired_date, p.checks, p.rejections, p.auto_authorize_at,
	p.created_by, p.created_at, p.updated_at, p.gaining_email`

type portOutRow struct {
	p                    domain.PortOut
	checks, rejections   string
	desired, autoAuth    *int64
	created, updated     int64
	accountName          string
	withAccountNameField bool
}

func (r *portOutRow) dest() []any {
	p := &r.p
	d := []any{&p.ID, &p.AccountID, &p.Status, &p.Version, &p.StatusReason, &p.Origin, &p.GainingProvider, &p.GainingReference,
		&p.EndUserName, &p.Postcode, &p.PINOutcome, &r.desired, &r.checks, &r.rejections, &r.autoAuth,
		&p.CreatedBy, &r.created, &r.updated, &p.GainingEmail}
	if r.withAccountNameField {
		d = append(d, &r.accountName)
	}
	return d
}

func (r *portOutRow) decode() (domain.PortOut, error) {
	p := r.p
	if err := json.Unmarshal([]byte(r.checks), &p.Checks); err != nil {
		return p, err
	}
	if err := json.Unmarshal([]byte(r.rejections), &p.Rejections); err != nil {
		return p, err
	}
	if len(p.Checks) == 0 {
		p.Checks = nil
	}
	if len(p.Rejections) == 0 {
		p.Rejections = nil
	}
	p.DesiredDate, p.AutoAuthorizeAt = fromTSPtr(r.desired), fromTSPtr(r.autoAuth)
	p.CreatedAt, p.UpdatedAt = fromTS(r.created), fromTS(r.updated)
	return p, nil
}

func jsonText[T any](xs []T) string {
	if xs == nil {
		xs = []T{}
	}
	b, _ := json.Marshal(xs) // plain structs: cannot fail
	return string(b)
}

func (s *Queries) CreatePortOut(ctx context.Context, p *domain.PortOut) error {
	p.Version = 1
	err := s.q.QueryRow(ctx, `INSERT INTO port_outs (account_id, status, version, status_reason, origin, gaining_provider,
		gaining_reference, end_user_name, postcode, pin_outcome, desired_date, checks, rejections, auto_authorize_at,
		created_by, created_at, updated_at, gaining_email)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
		p.AccountID, string(p.Status), p.Version, p.StatusReason, string(p.Origin), p.GainingProvider, p.GainingReference,
		p.EndUserName, p.Postcode, string(p.PINOutcome), tsPtr(p.DesiredDate), jsonText(p.Checks), jsonText(p.Rejections),
		tsPtr(p.AutoAuthorizeAt), p.CreatedBy, ts(p.CreatedAt), ts(p.UpdatedAt), p.GainingEmail).Scan(&p.ID)
	if err != nil {
		return s.wrap(err)
	}
	for _, c := range chunks(p.Numbers, batch) {
		var b builder
		b.sql.WriteString(`INSERT INTO port_out_numbers (port_out_id, number, country, status, outcome, detail, held) VALUES `)
		for i := range c {
			n := &c[i]
			n.PortOutID = p.ID
			if i > 0 {
				b.sql.WriteByte(',')
			}
			b.sql.WriteString("(" + b.arg(p.ID) + "," + b.arg(n.Number) + "," + b.arg(string(n.Country)) + "," + b.arg(string(n.Status)) + "," +
				b.arg(string(n.Outcome)) + "," + b.arg(n.Detail) + "," + b.arg(n.Held) + ")")
		}
		if _, err := s.exec(ctx, b.sql.String(), b.args...); err != nil {
			return err
		}
	}
	return nil
}

func scanPortOut(r Row) (domain.PortOut, error) {
	var row portOutRow
	if err := r.Scan(row.dest()...); err != nil {
		return domain.PortOut{}, err
	}
	return row.decode()
}

func (s *Queries) PortOut(ctx context.Context, id int64) (domain.PortOut, error) {
	p, err := one(ctx, s, scanPortOut, `SELECT `+portOutCols+` FROM port_outs p WHERE p.id = $1`, id)
	if err != nil {
		return p, err
	}
	p.Numbers, err = s.portOutNumbers(ctx, id)
	return p, err
}

const portOutNumberCols = `port_out_id, number, country, status, outcome, detail, held`

func scanPortOutNumber(r Row) (domain.PortOutNumber, error) {
	var n domain.PortOutNumber
	return n, r.Scan(&n.PortOutID, &n.Number, &n.Country, &n.Status, &n.Outcome, &n.Detail, &n.Held)
}

func (s *Queries) portOutNumbers(ctx context.Context, id int64) ([]domain.PortOutNumber, error) {
	return list(ctx, s, scanPortOutNumber, `SELECT `+portOutNumberCols+` FROM port_out_numbers WHERE port_out_id = $1 ORDER BY number`, id)
}

// withNumbers fills in a list page's numbers with one query per batch of port-outs, not one
// per port-out.
func (s *Queries) withNumbers(ctx context.Context, out []domain.PortOutSummary) error {
	at := make(map[int64]int, len(out))
	ids := make([]int64, len(out))
	for i, p := range out {
		at[p.ID], ids[i] = i, p.ID
	}
	for _, c := range chunks(ids, batch) {
		var b builder
		b.sql.WriteString(`SELECT ` + portOutNumberCols + ` FROM port_out_numbers WHERE port_out_id IN ` + b.in(anys(c)) + ` ORDER BY port_out_id, number`)
		ns, err := list(ctx, s, scanPortOutNumber, b.sql.String(), b.args...)
		if err != nil {
			return err
		}
		for _, n := range ns {
			p := &out[at[n.PortOutID]]
			p.Numbers = append(p.Numbers, n)
		}
	}
	return nil
}

func (s *Queries) UpdatePortOut(ctx context.Context, p *domain.PortOut) error {
	n, err := s.exec(ctx, `UPDATE port_outs SET status = $1, version = version + 1, status_reason = $2, gaining_provider = $3,
		gaining_reference = $4, end_user_name = $5, postcode = $6, pin_outcome = $7, desired_date = $8, checks = $9,
		rejections = $10, auto_authorize_at = $11, updated_at = $12, gaining_email = $15 WHERE id = $13 AND version = $14`,
		string(p.Status), p.StatusReason, p.GainingProvider, p.GainingReference, p.EndUserName, p.Postcode, string(p.PINOutcome),
		tsPtr(p.DesiredDate), jsonText(p.Checks), jsonText(p.Rejections), tsPtr(p.AutoAuthorizeAt), ts(p.UpdatedAt), p.ID, p.Version, p.GainingEmail)
	if err != nil {
		return err
	}
	if n == 0 {
		if _, err := one(ctx, s, scanPortOut, `SELECT `+portOutCols+` FROM port_outs p WHERE p.id = $1`, p.ID); err != nil {
			return err
		}
		return domain.Errorf(domain.ErrStale, "the port-out was changed by someone else")
	}
	p.Version++
	return nil
}

func (s *Queries) SetPortOutNumberStatus(ctx context.Context, portOutID int64, to domain.PortOutStatus, held bool) error {
	passed, failed := string(domain.PortOutNumberStatusFor(to, false)), string(domain.PortOutNumberStatusFor(to, true))
	// Holding is only ever let go of here: a number held is held from creation.
	if held {
		_, err := s.exec(ctx, `UPDATE port_out_numbers SET status = CASE WHEN outcome = '' THEN $1 ELSE $2 END WHERE port_out_id = $3`,
			passed, failed, portOutID)
		return err
	}
	_, err := s.exec(ctx, `UPDATE port_out_numbers SET status = CASE WHEN outcome = '' THEN $1 ELSE $2 END, held = $3 WHERE port_out_id = $4`,
		passed, failed, false, portOutID)
	return err
}

func (s *Queries) ListPortOuts(ctx context.Context, f domain.PortOutFilter) ([]domain.PortOutSummary, error) {
	if f.AccountIDs != nil && len(f.AccountIDs) == 0 {
		return []domain.PortOutSummary{}, nil
	}
	var b builder
	var where strings.Builder
	if len(f.AccountIDs) == 1 {
		where.WriteString(` AND p.account_id = ` + b.arg(f.AccountIDs[0]))
	}
	if len(f.Statuses) > 0 {
		where.WriteString(` AND p.status IN ` + b.in(strs(f.Statuses)))
	}
	if f.BeforeID > 0 {
		where.WriteString(` AND p.id < ` + b.arg(f.BeforeID))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	lim := s.pageLimit(&b, limit)
	b.sql.WriteString(`SELECT ` + portOutCols + `, a.name FROM port_outs p JOIN accounts a ON a.id = p.account_id WHERE `)
	if len(f.AccountIDs) > 1 {
		b.sql.WriteString(accountsPage(&b, "port_outs", f.AccountIDs, where.String(), "DESC", lim))
	} else {
		b.sql.WriteString(`1 = 1` + where.String())
	}
	b.sql.WriteString(` ORDER BY p.id DESC LIMIT ` + lim)
	out, err := list(ctx, s, func(r Row) (domain.PortOutSummary, error) {
		row := portOutRow{withAccountNameField: true}
		if err := r.Scan(row.dest()...); err != nil {
			return domain.PortOutSummary{}, err
		}
		p, err := row.decode()
		return domain.PortOutSummary{PortOut: p, AccountName: row.accountName}, err
	}, b.sql.String(), b.args...)
	if err != nil {
		return nil, err
	}
	return out, s.withNumbers(ctx, out)
}

func (s *Queries) WrongPINs(ctx context.Context, accountID int64, since time.Time) (int, error) {
	var n int
	err := s.q.QueryRow(ctx, `SELECT count(*) FROM port_outs WHERE account_id = $1 AND pin_outcome = $2 AND created_at >= $3`,
		accountID, string(domain.PINWrong), ts(since)).Scan(&n)
	return n, s.wrap(err)
}

func (s *Queries) OpenPortOutsHolding(ctx context.Context, numbers []string) (map[string]int64, error) {
	return s.holders(ctx, numbers, `SELECT number, port_out_id FROM port_out_numbers WHERE held = `)
}

const portOutDocumentCols = `id, port_out_id, name, content_type, size, sha256, pages, storage_key, uploaded_by, uploader_name, uploaded_at`

func scanPortOutDocument(r Row) (domain.PortOutDocument, error) {
	var d domain.PortOutDocument
	var at int64
	err := r.Scan(&d.ID, &d.PortOutID, &d.Name, &d.ContentType, &d.Size, &d.SHA256, &d.Pages, &d.StorageKey, &d.UploadedBy, &d.UploaderName, &at)
	d.UploadedAt = fromTS(at)
	return d, err
}

func (s *Queries) AddPortOutDocument(ctx context.Context, d *domain.PortOutDocument) error {
	return s.wrap(s.q.QueryRow(ctx, `INSERT INTO port_out_documents (port_out_id, name, content_type, size, sha256, pages, storage_key,
		uploaded_by, uploader_name, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		d.PortOutID, d.Name, d.ContentType, d.Size, d.SHA256, d.Pages, d.StorageKey, d.UploadedBy, d.UploaderName, ts(d.UploadedAt)).Scan(&d.ID))
}

func (s *Queries) PortOutDocuments(ctx context.Context, portOutID int64) ([]domain.PortOutDocument, error) {
	return list(ctx, s, scanPortOutDocument, `SELECT `+portOutDocumentCols+` FROM port_out_documents WHERE port_out_id = $1 ORDER BY id`, portOutID)
}

func (s *Queries) PortOutDocument(ctx context.Context, id int64) (domain.PortOutDocument, error) {
	return one(ctx, s, scanPortOutDocument, `SELECT `+portOutDocumentCols+` FROM port_out_documents WHERE id = $1`, id)
}
