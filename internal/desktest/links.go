package desktest

import (
	"context"
	"encoding/json"
	"regexp"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
	"github.com/portdesk/portdesk/internal/store/postgres"
	"github.com/portdesk/portdesk/internal/store/sqlite"
)

// SendAccessLinks runs, as the job would, every access-link job queued since the last call,
// and says how many it ran.
func (e *Env) SendAccessLinks(t testing.TB) int {
	t.Helper()
	return e.runQueued(t, domain.JobSendAccessLink, &e.linkJobsRun, func(args []byte) error {
		var a domain.AccessLinkArgs
		if err := json.Unmarshal(args, &a); err != nil {
			return err
		}
		return e.SendAccessLink(context.Background(), a.LinkID)
	})
}

// SendSignatureRequests runs, as the job would, every signature-request job queued since the
// last call, and says how many it ran.
func (e *Env) SendSignatureRequests(t testing.TB) int {
	t.Helper()
	return e.runQueued(t, domain.JobSendSignatureRequest, &e.signatureJobsRun, func(args []byte) error {
		var a domain.SignatureRequestArgs
		if err := json.Unmarshal(args, &a); err != nil {
			return err
		}
		return e.PortIns.SendSignatureRequest(context.Background(), a.RequestID)
	})
}

// runQueued runs each job of kind queued after *last with run, and moves *last on.
func (e *Env) runQueued(t testing.TB, kind string, last *int64, run func(args []byte) error) int {
	t.Helper()
	ctx := context.Background()
	q := `SELECT id, args FROM river_job WHERE kind = '` + kind + `' ORDER BY id`
	type job struct {
		id   int64
		args []byte
	}
	var jobs []job
	// Both drivers' rows read the same way; only how the query is run differs.
	collect := func(rows interface {
		Next() bool
		Scan(...any) error
	}, err error) {
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var j job
			if err := rows.Scan(&j.id, &j.args); err != nil {
				t.Fatal(err)
			}
			jobs = append(jobs, j)
		}
	}
	switch s := e.Store.(type) {
	case *sqlite.Store:
		rows, err := s.DB().QueryContext(ctx, q)
		if err == nil {
			defer rows.Close()
		}
		collect(rows, err)
	case *postgres.Store:
		rows, err := s.Pool().Query(ctx, q)
		if err == nil {
			defer rows.Close()
		}
		collect(rows, err)
	default:
		t.Fatalf("no job table for %T", e.Store)
	}
	n := 0
	for _, j := range jobs {
		if j.id <= *last {
			continue
		}
		if err := run(j.args); err != nil {
			t.Fatal(err)
		}
		*last, n = j.id, n+1
	}
	return n
}

var linkToken = regexp.MustCompile(`token=([A-Za-z0-9_%-]+)`)

// LinkToken is the token of the link in an email's plain text, or "" when there is none.
func LinkToken(t testing.TB, r smtptest.Received) string {
	t.Helper()
	text, err := r.Text()
	if err != nil {
		t.Fatal(err)
	}
	m := linkToken.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	return m[1]
}
