package storetest

import (
	"reflect"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

func testPortingAgreements(t *testing.T, s domain.Store, _ Engine) {
	// The version moves with every change that lands, and with nothing else.
	version, err := s.PortingAgreementsVersion(ctx)
	must(t, err)
	moved := func(step string, want bool) {
		t.Helper()
		v, err := s.PortingAgreementsVersion(ctx)
		must(t, err)
		if (v != version) != want {
			t.Errorf("%s: version %d, was %d", step, v, version)
		}
		version = v
	}
	defer moved("a delete that found nothing, an update of nothing", false)
	a := domain.PortingAgreement{Country: "GB", Provider: "Vodafone", FormerNames: []string{"Energis", "Thus"},
		Categories: []string{"freephone"}, Portable: domain.PortableYes, Route: domain.RouteDirect, Notes: "n", UpdatedAt: t0}
	must(t, s.CreatePortingAgreement(ctx, &a))
	b := domain.PortingAgreement{Country: "GB", Provider: "BT", Portable: domain.CheckRequired, UpdatedAt: t0}
	must(t, s.CreatePortingAgreement(ctx, &b))
	moved("create", true)
	got, err := s.PortingAgreement(ctx, a.ID)
	must(t, err)
	if !reflect.DeepEqual(got, a) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, a)
	}
	all, err := s.PortingAgreements(ctx)
	must(t, err)
	if len(all) != 2 || all[0].Provider != "BT" || all[0].FormerNames == nil || all[0].Categories == nil {
		t.Fatalf("list: %+v", all)
	}
	a.Route, a.FormerNames = domain.RouteTransit, nil
	moved("reads", false)
	must(t, s.UpdatePortingAgreement(ctx, &a))
	moved("update", true)
	got, _ = s.PortingAgreement(ctx, a.ID)
	if got.Route != domain.RouteTransit || len(got.FormerNames) != 0 {
		t.Fatalf("after update: %+v", got)
	}
	must(t, s.DeletePortingAgreement(ctx, a.ID))
	moved("delete", true)
	wantCode(t, s.DeletePortingAgreement(ctx, a.ID), domain.ErrNotFound)
	_, err = s.PortingAgreement(ctx, a.ID)
	wantCode(t, err, domain.ErrNotFound)
	missing := domain.PortingAgreement{ID: a.ID + 100, Country: "GB", Provider: "X"}
	wantCode(t, s.UpdatePortingAgreement(ctx, &missing), domain.ErrNotFound)
}

func testAuditAndSettings(t *testing.T, s domain.Store, _ Engine) {
	for i, subj := range []string{"porting_agreement:1", "price_table", "porting_agreement:2"} {
		e := domain.AuditEntry{Subject: subj, ActorID: int64(i), ActorName: "x", Action: "updated", Detail: "{}", At: t0}
		must(t, s.AddAudit(ctx, &e))
	}
	log, err := s.AuditLog(ctx, "porting_agreement:", 10)
	must(t, err)
	if len(log) != 2 || log[0].Subject != "porting_agreement:2" || log[1].ActorID != 0 || !log[0].At.Equal(t0) {
		t.Fatalf("audit: %+v", log)
	}
	_, err = s.Setting(ctx, "price_table")
	wantCode(t, err, domain.ErrNotFound)
	must(t, s.SetSetting(ctx, "price_table", `{"a":1}`, t0))
	must(t, s.SetSetting(ctx, "price_table", `{"a":2}`, t0))
	if v, err := s.Setting(ctx, "price_table"); err != nil || v != `{"a":2}` {
		t.Fatalf("setting: %q %v", v, err)
	}
}

func testSplitAndSetAside(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "A", 0)
	parent := portIn(t, s, acc.ID)
	child := domain.PortIn{AccountID: acc.ID, ParentID: parent.ID, Status: domain.StatusSubmitted, CreatedAt: t0, UpdatedAt: t0,
		QuoteAcceptance: &domain.QuoteAcceptance{Hash: "h", Totals: []domain.Money{{Amount: 2500, Currency: "GBP"}}, UserID: 1, AcceptedAt: t0}}
	must(t, s.CreatePortIn(ctx, &child))
	got, err := s.PortIn(ctx, child.ID)
	must(t, err)
	if got.ParentID != parent.ID || got.QuoteAcceptance == nil || got.QuoteAcceptance.Totals[0].Amount != 2500 || !got.QuoteAcceptance.AcceptedAt.Equal(t0) {
		t.Fatalf("child: %+v", got)
	}
	kids, err := s.ListPortIns(ctx, domain.PortInFilter{ParentID: parent.ID})
	must(t, err)
	if len(kids) != 1 || kids[0].ID != child.ID {
		t.Fatalf("children: %+v", kids)
	}
	ns := []domain.PortNumber{
		{Number: "+441134960001", Status: domain.NumberPending, AddedAt: t0},
		{Number: "+441134960002", Status: domain.NumberPending, AddedAt: t0},
		{Number: "+445000000003", Status: domain.NumberPending, AddedAt: t0, Warnings: []string{"w"}},
	}
	must(t, s.AddPortInNumbers(ctx, parent.ID, ns))
	must(t, s.MovePortInNumbers(ctx, parent.ID, child.ID, []string{"+441134960002"}))
	must(t, s.SetAsideNumbers(ctx, parent.ID, []string{"+445000000003"}, domain.NumberSetAside, "withdrawn_range"))
	// A request's later status changes leave set-aside numbers alone.
	must(t, s.SetPortInNumberStatus(ctx, parent.ID, domain.NumberSubmitted, true))
	pn, _ := s.PortInNumbers(ctx, parent.ID)
	cn, _ := s.PortInNumbers(ctx, child.ID)
	if len(pn) != 2 || len(cn) != 1 || cn[0].Number != "+441134960002" {
		t.Fatalf("after move: parent %+v child %+v", pn, cn)
	}
	for _, n := range pn {
		if n.Number == "+445000000003" && (n.Status != domain.NumberSetAside || !reflect.DeepEqual(n.Warnings, []string{"w", "withdrawn_range"})) {
			t.Fatalf("set aside: %+v", n)
		}
	}
	held, _ := s.OpenPortsHolding(ctx, []string{"+445000000003", "+441134960002"})
	if _, ok := held["+445000000003"]; ok || held["+441134960002"] != child.ID {
		t.Fatalf("held: %v", held)
	}
}

func testDocumentsAndSignatures(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "A", 0)
	p, q := portIn(t, s, acc.ID), portIn(t, s, acc.ID)
	d := domain.Document{PortInID: p.ID, Kind: domain.DocBill, Name: "bill.pdf", ContentType: "application/pdf", Size: 1234,
		SHA256: "ab", Pages: 2, StorageKey: "port-ins/1/ab", UploadedBy: 7, UploaderName: "Ann", UploadedAt: t0}
	must(t, s.AddDocument(ctx, &d))
	got, err := s.Document(ctx, d.ID)
	must(t, err)
	if !reflect.DeepEqual(got, d) {
		t.Fatalf("document:\n got %+v\nwant %+v", got, d)
	}
	e := d
	e.ID, e.PortInID = 0, q.ID
	must(t, s.AddDocument(ctx, &e))
	ds, err := s.Documents(ctx, []int64{p.ID, q.ID})
	must(t, err)
	if len(ds) != 2 || ds[0].ID != d.ID {
		t.Fatalf("documents: %+v", ds)
	}
	must(t, s.DeleteDocument(ctx, d.ID))
	wantCode(t, s.DeleteDocument(ctx, d.ID), domain.ErrNotFound)

	g := domain.LOASignature{PortInID: p.ID, OrderKey: "GB|uk_geographic|bt", ContentSHA256: "cafe", SignerName: "Анна Смирнова",
		SignerTitle: "Director", SignerEmail: "a@x.example", UserID: 3, IP: "127.0.0.1", UserAgent: "test", SignedAt: t0, Drawn: []byte{0x89, 'P', 'N', 'G'}}
	must(t, s.AddLOASignature(ctx, &g))
	h := g
	h.ID, h.Drawn = 0, nil
	must(t, s.AddLOASignature(ctx, &h))
	gs, err := s.LOASignatures(ctx, []int64{p.ID})
	must(t, err)
	if len(gs) != 2 || gs[0].ID != h.ID || gs[0].Drawn != nil || !reflect.DeepEqual(gs[1], g) {
		t.Fatalf("signatures: %+v", gs)
	}
}
