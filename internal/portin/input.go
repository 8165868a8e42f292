package portin

import (
	"io"

	"github.com/portdesk/portdesk/internal/domain"
)

// Changes are the fields a customer sets on a request. A nil field is left as it is,
// so the same type serves create and PATCH. JSON names are the API's.
type Changes struct {
	AccountID             *int64               `json:"account_id,omitempty"`
	LosingProvider        *string              `json:"losing_provider,omitempty"`
	LosingProviderAddress *string              `json:"losing_provider_address,omitempty"`
	CustomerName          *string              `json:"customer_name,omitempty"`
	CustomerType          *domain.CustomerType `json:"customer_type,omitempty"`
	AuthorisedPerson      *domain.Person       `json:"authorised_person,omitempty"`
	BillingAddress        *domain.Address      `json:"billing_address,omitempty"`
	// ServiceAddress: an all-empty address means "same as billing".
	ServiceAddress *domain.Address    `json:"service_address,omitempty"`
	AccountNumber  *string            `json:"account_number,omitempty"`
	PIN            *string            `json:"pin,omitempty"` // write-only; "" removes it
	BTN            *string            `json:"btn,omitempty"`
	PortType       *domain.PortType   `json:"port_type,omitempty"`
	LineType       *domain.LineType   `json:"line_type,omitempty"` // single_line or multi_line, as the losing provider's records show
	DDI            *domain.DDIRange   `json:"ddi,omitempty"`       // none, whole or part of a DDI range
	NewBTN         *string            `json:"new_btn,omitempty"`
	DesiredDate    *string            `json:"desired_date,omitempty"` // YYYY-MM-DD; "" clears
	Recipients     *[]string          `json:"recipients,omitempty"`
	Accept         []domain.Agreement `json:"accept,omitempty"` // statements accepted now
	// PAC is the PAC of the request's UK mobile order (it needs no letter); a code of ""
	// takes it away.
	PAC *PACInput `json:"pac,omitempty"`
	// Numbers may be given on create only; every row must be good or nothing is created.
	Numbers []NumberInput `json:"numbers,omitempty"`
	// Version is the optimistic lock for PATCH when no If-Match header is sent.
	Version int64 `json:"version,omitempty"`
}

// NumberInput is one number given as JSON.
type NumberInput struct {
	Number          string `json:"number"`
	ReceivingNumber string `json:"receiving_number,omitempty"`
	TrackingSource  string `json:"tracking_source,omitempty"`
}

// Rows turns JSON numbers into rows numbered from 1, like lines of a file.
func Rows(ns []NumberInput) []domain.NumberRow {
	rows := make([]domain.NumberRow, len(ns))
	for i, n := range ns {
		rows[i] = domain.NumberRow{Line: i + 1, Number: n.Number, ReceivingNumber: n.ReceivingNumber, TrackingSource: n.TrackingSource}
	}
	return rows
}

// sliceRows is a RowSource over rows already in memory.
type sliceRows struct {
	rows []domain.NumberRow
	all  int // rows it was made with
}

// RowsHint is how many rows it was made with.
func (s *sliceRows) RowsHint() int { return s.all }

func (s *sliceRows) Next() (domain.NumberRow, error) {
	if len(s.rows) == 0 {
		return domain.NumberRow{}, io.EOF
	}
	r := s.rows[0]
	s.rows = s.rows[1:]
	return r, nil
}

// RowList adapts rows in memory (a JSON list) to a RowSource.
func RowList(rows []domain.NumberRow) domain.RowSource { return &sliceRows{rows: rows, all: len(rows)} }
