package sqlstore

import (
	"reflect"
	"testing"
	"time"
)

// A row decoded through the kept texts is the row json.Unmarshal makes of it, the first
// time and every time after, and each reader's slices are its own: a caller changing what
// it read cannot change what the next reader gets.
func TestDecodedRowsAsUnmarshalled(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 5, 9, 30, 0, 0, time.UTC)
	service := `{"line1":"2 Low Road","city":"York","postcode":"YO1 7HH","country":"GB"}`
	quote := `{"hash":"abc","totals":[{"currency":"GBP","minor":1200}],"user_id":3,"accepted_at":"2026-12-05T09:30:00Z"}`
	rows := map[string]portInRow{
		"empty lists": {person: `{"name":"Jane Smith","title":"Director","email":"jane@acme.example"}`,
			billing: `{"line1":"1 High Street","city":"Leeds","postcode":"LS1 4AP","country":"GB"}`, recipients: `[]`, acceptances: `[]`, rejections: `[]`},
		"null lists": {person: `{}`, billing: `{}`, recipients: `null`, acceptances: `null`, rejections: `null`},
		"everything": {person: `{"name":"Jane Smith"}`, billing: `{"line1":"1 High Street"}`, service: &service,
			recipients: `["ops@acme.example","it@acme.example"]`, quote: &quote,
			acceptances: `[{"agreement":"authorised","user_id":3,"accepted_at":"2026-12-05T09:30:00Z"},{"agreement":"carrier_fees","user_id":4,"accepted_at":"2026-12-05T10:30:00+01:00"}]`,
			rejections:  `[{"code":"name_mismatch","note":"the bill says Acme Ltd"}]`},
	}
	d := newDecoded()
	for name, row := range rows {
		t.Run(name, func(t *testing.T) {
			want, err := row.decode()
			if err != nil {
				t.Fatal(err)
			}
			for i := range 3 {
				r := row
				got, err := r.decodeWith(d)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("read %d:\n got %#v\nwant %#v", i, got, want)
				}
				// What one reader does to its copy, the next must not see.
				if len(got.Recipients) > 0 {
					got.Recipients[0] = "changed@example.com"
				}
				if len(got.Acceptances) > 0 {
					got.Acceptances[0].AcceptedAt = at.Add(time.Hour)
				}
				if len(got.Rejections) > 0 {
					got.Rejections[0].Note = "changed"
				}
				if got.ServiceAddress != nil {
					got.ServiceAddress.City = "Changed"
				}
				got.AuthorisedPerson.Name = "Changed"
			}
		})
	}
}

// A text that is not JSON fails as json.Unmarshal fails, and is not kept.
func TestDecodedRefusesBadText(t *testing.T) {
	t.Parallel()
	d := newDecoded()
	row := portInRow{person: `{}`, billing: `{}`, recipients: `[]`, acceptances: `[{"accepted_at":"yesterday"}]`, rejections: `[]`}
	for range 2 {
		r := row
		if _, err := r.decodeWith(d); err == nil {
			t.Fatal("an acceptance time that is not one decoded")
		}
	}
	if len(d.acceptances) != 0 {
		t.Errorf("kept %d texts that failed", len(d.acceptances))
	}
}

// However many different texts are read, no more than decodedKept are kept per column.
func TestDecodedBounded(t *testing.T) {
	t.Parallel()
	d := newDecoded()
	for i := range decodedKept + 10 {
		var got []string
		text := `["` + time.Unix(int64(i), 0).UTC().Format(time.RFC3339) + `"]`
		if err := decodeKept(d, d.recipients, text, &got, func(v []string) []string { return append([]string(nil), v...) }); err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 {
			t.Fatalf("%s: %v", text, got)
		}
	}
	if n := len(d.recipients); n > decodedKept {
		t.Errorf("%d texts kept, over the bound of %d", n, decodedKept)
	}
}
