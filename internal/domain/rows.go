package domain

// NumberRow is one row of numbers as the customer typed or uploaded it, before any check.
// The columns are the seed's: number to port, receiving number, tracking source, account name.
type NumberRow struct {
	Line            int // 1-based line in the file, or position in a JSON list
	Number          string
	ReceivingNumber string
	TrackingSource  string
	AccountName     string
}

// RowSource yields rows one at a time, so a 100,000-row upload is never held whole twice.
// Next returns io.EOF after the last row; any other error is a malformed file (ErrInvalid).
type RowSource interface {
	Next() (NumberRow, error)
}

// RowsHinter is a RowSource that can estimate, once it has given some rows, how many it
// holds in all (0: it cannot tell): the rows' results are then given room once instead of
// growing, which was a fifth of a 100,000-row upload's check.
type RowsHinter interface {
	RowsHint() int
}

// Row result codes: the errors a row can have, and the warning it can carry.
const (
	RowOK                  = "ok"
	RowInvalidNumber       = "invalid_number"
	RowInvalidReceiving    = "invalid_receiving_number"
	RowDuplicateInRequest  = "duplicate_in_request"
	RowNumberInOpenPort    = "number_in_open_port"
	RowNumberAlreadyActive = "number_already_active"
	RowAccountMismatch     = "account_mismatch"
	RowTooLong             = "field_too_long"
	RowInvalidText         = "invalid_text" // a field holds control or direction-override characters
	WarnActiveReceiving    = "active_receiving_number"
)
