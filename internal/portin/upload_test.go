package portin_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/app"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/team"
)

var update = flag.Bool("update", false, "write testdata/upload_mixed.golden.json from this run")

// mixedUpload is a customer's file with a row of every kind: valid in every way numbers are
// typed, every porting category, invalid in every way, repeated in the file and on the request,
// on another customer's open port, in inventory here and elsewhere, routed to, and bad in its
// other columns.
var mixedUpload = "number to port,receiving number,tracking source,account name\n" +
	"+441134960001,,,\n" +
	"0113 496 0002,,Spring campaign,Alpha\n" +
	"(0113) 496-0003,+441614960000,,\n" +
	"0113 496 0002,,,\n" + // again in the file
	"0113 496 0100,,,\n" + // already on the request
	"+44 113 496 0700,,,\n" + // on another customer's open port
	"0113 496 0900,,,\n" + // active in this account's inventory
	"0113 496 0901,,,\n" + // active in another account's inventory
	"0113 496 0500,,,\n" + // the receiving number of this account's tracking number
	"020 7946 0001,,,\n" +
	"0330 123 4567,,,\n" +
	"0800 123 4567,,,\n" +
	"0808 157 0001,,,\n" +
	"0845 123 4567,,,\n" +
	"0871 123 4567,,,\n" +
	"0909 879 0000,,,\n" +
	"07400 123456,,,\n" +
	"07011 123456,,,\n" +
	"0560 123 4567,,,\n" +
	"0500 123456,,,\n" +
	"07600 123456,,,\n" +
	"+1 201 555 0234,,,\n" +
	"+1 800 555 0299,,,\n" +
	"+1 900 555 0234,,,\n" +
	"+1 416 555 0234,,,\n" +
	"+33 1 23 45 67 89,,,\n" +
	"+1 201 555 0123,,,\n" +
	"+800 1234 5678,,,\n" +
	"0113 496 000,,,\n" +
	"0113 496 00000,,,\n" +
	"0800-FLOWERS,,,\n" +
	"not a number,,,\n" +
	"0113 496 0010,12,,\n" +
	"0113 496 0011,+441134960011,,\n" +
	"0113 496 0012,," + strings.Repeat("x", 101) + ",\n" +
	"0113 496 0013,,,Someone Else\n" +
	"0113 496 0014,,,alpha\n" +
	"+44 (0)113 496 0015,,,\n" +
	"0044 113 496 0016,,,\n" +
	"tel:+441134960017,,,\n" +
	"\u00a00113\u00a0496\u00a00018\u00a0,,,\n" +
	"01134960019,,\"bad\x01text\",\n" +
	"+442079460000,0800 123 4567,,\n" +
	"+44 7700 900123,,,\n" +
	"+1 (201) 555-0235,,,\n" +
	"201-555-0236,,,\n" +
	"+441134960001,,,\n"

// uploadOutcome is everything an upload answers and writes, in a form to compare.
type uploadOutcome struct {
	Preview portin.NumbersResult `json:"preview"`
	Commit  portin.NumbersResult `json:"commit"`
	Stored  []storedNumber       `json:"stored"`
}

type storedNumber struct {
	Number, ReceivingNumber, TrackingSource, Status string
	Warnings                                        []string
	AddedAt                                         string
}

// uploadMixed previews and commits mixedUpload on a fresh env whose number reader is numbers.
func uploadMixed(t *testing.T, engine string, numbers domain.NumberParser) uploadOutcome {
	t.Helper()
	env := desktest.New(t, engine)
	a := env.NewCustomer(t, "Alpha", 0, domain.CountryGB)
	b := env.NewCustomer(t, "Beta", 0, domain.CountryGB)
	staff, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
	for _, in := range []team.InventoryInput{
		{AccountID: a.Account.ID, Number: "+441134960900", ReceivingNumber: "+441134960500"},
		{AccountID: b.Account.ID, Number: "+441134960901"},
	} {
		if _, err := env.Team.AddInventoryNumber(ctx, staff, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := env.PortIns.Create(ctx, b.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "+441134960700"}}}); err != nil {
		t.Fatal(err)
	}
	deps := env.Deps
	deps.Numbers = numbers
	desk, err := app.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	p, err := desk.PortIns.Create(ctx, a.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0100"}}})
	if err != nil {
		t.Fatal(err)
	}
	read := func() domain.RowSource { return numbering.NewRowReader(strings.NewReader(mixedUpload), numbering.CSV) }
	var out uploadOutcome
	if out.Preview, err = desk.PortIns.AddNumbers(ctx, a.Actor, p.ID, 0, read(), true); err != nil {
		t.Fatal(err)
	}
	if out.Commit, err = desk.PortIns.AddNumbers(ctx, a.Actor, p.ID, p.Version, read(), false); err != nil {
		t.Fatal(err)
	}
	ns, err := env.Store.PortInNumbers(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range ns {
		out.Stored = append(out.Stored, storedNumber{n.Number, n.ReceivingNumber, n.TrackingSource, string(n.Status), n.Warnings, n.AddedAt.Format("2006-01-02T15:04:05.999999Z")})
	}
	return out
}

// TestUploadAnswersAsBefore uploads a file with a row of every kind on each engine, reading
// numbers with the classifier (as PortDesk does) and with libphonenumber alone: the preview's
// and the commit's answers, row by row, and the numbers written are the same, and the same as
// those recorded in testdata before the classifier, batched checks and COPY came to uploads.
func TestUploadAnswersAsBefore(t *testing.T) {
	t.Parallel()
	golden := filepath.Join("testdata", "upload_mixed.golden.json")
	for _, engine := range []string{desktest.SQLite, desktest.Postgres} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			fast := uploadMixed(t, engine, numbering.NewParser())
			ref := uploadMixed(t, engine, numbering.Parser{})
			got, _ := json.MarshalIndent(fast, "", "  ")
			want, _ := json.MarshalIndent(ref, "", "  ")
			if !bytes.Equal(got, want) {
				t.Errorf("with the classifier:\n%s\nwith libphonenumber alone:\n%s", got, want)
			}
			if fast.Commit.Added < 20 || fast.Commit.Rejected < 15 || fast.Commit.Warnings != 1 {
				t.Errorf("the file does not mix as meant: %d added, %d rejected, %d warnings", fast.Commit.Added, fast.Commit.Rejected, fast.Commit.Warnings)
			}
			if *update && engine == desktest.SQLite {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(bytes.TrimSpace(before), bytes.TrimSpace(got)) {
				t.Errorf("answers differ from %s, recorded before uploads were made fast:\n%s", golden, got)
			}
		})
	}
}
