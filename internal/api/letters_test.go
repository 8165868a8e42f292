package api

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

type frozenView struct {
	ID            int64
	PDF           string
	Signed        bool
	SHA256        string `json:"sha256"`
	ContentSHA256 string `json:"content_sha256"`
}

type paperworkView struct {
	Letters []struct {
		PDF     string
		Changed bool        `json:"changed_after_signing"`
		Frozen  *frozenView `json:"frozen"`
	}
	SignAgain bool         `json:"sign_again"`
	Frozen    []frozenView `json:"frozen_letters"`
	Missing   []domain.FieldError
}

// A completed request's letter, as signed and sent, is still there over the API, with what
// was ported; one that changed after signing is named so, and holds the order back.
func TestLettersAfterThePortOverAPI(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := newClient(t, env)
	ctx := context.Background()
	cust := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	other := env.NewCustomer(t, "Other", 0, domain.CountryGB)
	staffActor, staff := env.NewStaff(t, "agent@op.example", domain.RoleAgent)

	p := env.Submitted(t, cust.Actor, "0113 496 0811")
	path := fmt.Sprintf("/api/v1/port-ins/%d", p.ID)
	sent := c.want(c.do("GET", path+"/loa.pdf", cust.Token, nil), 200).body
	p, _ = env.PortIns.Transition(ctx, staffActor, p.ID, p.Version, domain.StatusInProgress, "")
	p, err := env.Team.Schedule(ctx, staffActor, p.ID, p.Version, env.FOC("GB", 3), true)
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.Set(p.FOC.Add(time.Minute))
	if err := env.PortIns.CompleteAtFOC(ctx, domain.CompleteAtFOCArgs{PortInID: p.ID, FOC: *p.FOC}); err != nil {
		t.Fatal(err)
	}

	var pw paperworkView
	c.want(c.do("GET", path+"/loa", cust.Token, nil), 200).json(t, &pw)
	if len(pw.Letters) != 1 || pw.Letters[0].Frozen == nil || !pw.Letters[0].Frozen.Signed || pw.Letters[0].Changed || len(pw.Frozen) != 1 || pw.SignAgain {
		t.Fatalf("paperwork of the completed request: %+v", pw)
	}
	r := c.want(c.do("GET", path+"/loa.pdf", cust.Token, nil), 200)
	if r.header.Get("Content-Type") != "application/pdf" || !bytes.Equal(r.body, sent) {
		t.Fatalf("the completed request's letter is not the one sent (%s, %d bytes)", r.header.Get("Content-Type"), len(r.body))
	}
	if got := c.want(c.do("GET", pw.Frozen[0].PDF, staff, nil), 200).body; !bytes.Equal(got, sent) {
		t.Fatal("the frozen copy is not the one sent")
	}
	c.want(c.do("GET", pw.Frozen[0].PDF, other.Token, nil), 404)
	c.want(c.do("GET", path+"/loa/frozen/999999", cust.Token, nil), 404)
	c.want(c.do("GET", path+"/loa/frozen/x", cust.Token, nil), 404)

	var view struct {
		Status string
		Ported []struct {
			At      time.Time
			By, How string
			Numbers []string
		}
	}
	c.want(c.do("GET", path, cust.Token, nil), 200).json(t, &view)
	if view.Status != "completed" || len(view.Ported) != 1 || view.Ported[0].By != "PortDesk" || view.Ported[0].How != "Completed at the FOC" ||
		len(view.Ported[0].Numbers) != 1 || view.Ported[0].Numbers[0] != "+441134960811" || !view.Ported[0].At.Equal(env.Clock.Now()) {
		t.Fatalf("what was ported: %+v", view.Ported)
	}

	// A supplemental order: the letter changed after signing; the carrier does not get it.
	q := env.Submitted(t, cust.Actor, "0113 496 0812")
	if _, err := env.PortIns.AddNumbers(ctx, cust.Actor, q.ID, q.Version, portin.RowList(portin.Rows([]portin.NumberInput{{Number: "0113 496 0813"}})), false); err != nil {
		t.Fatal(err)
	}
	qpath := fmt.Sprintf("/api/v1/port-ins/%d", q.ID)
	c.want(c.do("GET", qpath+"/loa", cust.Token, nil), 200).json(t, &pw)
	if len(pw.Letters) != 1 || !pw.Letters[0].Changed || !pw.SignAgain || len(pw.Missing) != 1 || pw.Missing[0].Field != "loa_signature" {
		t.Fatalf("paperwork after a supplemental order: %+v", pw)
	}
	carrier := c.want(c.do("POST", "/api/v1/carriers", staff, map[string]any{"name": "BT", "email": "porting@bt.example"}), 201)
	var cr struct{ ID int64 }
	carrier.json(t, &cr)
	q, _ = env.Store.PortIn(ctx, q.ID)
	r = c.want(c.do("POST", qpath+"/send-to-carrier", staff, map[string]any{"carrier_id": cr.ID, "version": q.Version}), 422)
	if !strings.Contains(string(r.body), "changed after it was signed") {
		t.Fatalf("send with a letter changed after signing: %s", r.body)
	}
	c.want(c.do("POST", qpath+"/loa/signature", cust.Token, map[string]any{"signer_name": "Jane Smith", "signer_title": "Director",
		"signer_email": "jane@acme.example", "agree": true}), 201).json(t, &pw)
	if pw.Letters[0].Changed || pw.SignAgain || len(pw.Frozen) != 2 {
		t.Fatalf("paperwork signed again: %+v", pw)
	}
	c.want(c.do("POST", qpath+"/send-to-carrier", staff, map[string]any{"carrier_id": cr.ID, "version": q.Version}), 200)
}
