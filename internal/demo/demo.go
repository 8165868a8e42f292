// Package demo seeds a demo customer, once, so that a new install shows the product at work:
// an account with a sub-account, requests in several states, numbers it already has with
// the operator, port-out protection, and a gaining provider's request to answer.
package demo

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/app"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/portout"
	"github.com/portdesk/portdesk/internal/team"
)

// Result is what Seed made.
type Result struct {
	Created  bool
	Email    string
	Password string
}

const demoEmail = "demo@portdesk.local"

// Seed creates, once, a demo customer with a sub-account and requests in several states,
// so a new install shows the product at work.
func Seed(ctx context.Context, a *app.App) (Result, error) {
	if _, err := a.Desk.Store.UserByEmail(ctx, demoEmail); err == nil {
		return Result{Email: demoEmail}, nil
	}
	acc, err := a.Access.CreateAccount(ctx, desk.System(), "Demo Widgets Ltd", 0, domain.CountryGB)
	if err != nil {
		return Result{}, err
	}
	if _, err := a.Access.CreateAccount(ctx, desk.System(), "Demo Widgets Leeds", acc.ID, domain.CountryGB); err != nil {
		return Result{}, err
	}
	u, pw, err := a.Access.CreateUser(ctx, desk.System(), access.NewUser{AccountID: acc.ID, Role: domain.RoleAdmin, Email: demoEmail, Name: "Dana Demo"})
	if err != nil {
		return Result{}, err
	}
	me := domain.ActorOf(u)
	str := func(v string) *string { return &v }
	ct, pt, lt := domain.CustomerBusiness, domain.PortFull, domain.MultiLine
	var accept []domain.Agreement
	for _, a := range domain.Agreements {
		accept = append(accept, a.Key)
	}
	full := portin.Changes{
		LosingProvider: str("BT"), LosingProviderAddress: str("BT Group plc, 1 Braham Street, London E1 8EE"),
		CustomerName: str("Demo Widgets Ltd"), CustomerType: &ct,
		AuthorisedPerson: &domain.Person{Name: "Dana Demo", Title: "Operations Director", Email: demoEmail},
		BillingAddress:   &domain.Address{Line1: "1 Park Row", City: "Leeds", Postcode: "LS1 5AB", Country: "GB"},
		AccountNumber:    str("BT-0042-7781"), BTN: str("0113 496 0000"), PortType: &pt, LineType: &lt, Accept: accept,
		Numbers: []portin.NumberInput{
			{Number: "0113 496 0000", ReceivingNumber: "0161 496 0000", TrackingSource: "Google Ads"},
			{Number: "0113 496 0001", ReceivingNumber: "0161 496 0000", TrackingSource: "Website"},
		},
	}
	submitted, err := a.PortIns.Create(ctx, me, full)
	if err != nil {
		return Result{}, err
	}
	// The demo's paperwork: the letter e-signed by Dana, and a bill (a drawn page).
	if _, err := a.PortIns.SignLOA(ctx, me, submitted.ID, portin.SignInput{Name: "Dana Demo", Title: "Operations Director", Email: demoEmail, Agree: true,
		IP: "127.0.0.1", UserAgent: "PortDesk demo seed"}); err != nil {
		return Result{}, err
	}
	if _, err := a.PortIns.UploadDocument(ctx, me, submitted.ID, domain.DocBill, "demo-bill.png", bytes.NewReader(demoBill())); err != nil {
		return Result{}, err
	}
	if _, err := a.PortIns.Submit(ctx, me, submitted.ID, submitted.Version); err != nil {
		return Result{}, err
	}
	if _, err := a.PortIns.AddNote(ctx, me, submitted.ID, "Please port these before our spring campaign.", false); err != nil {
		return Result{}, err
	}
	if _, err := a.PortIns.Create(ctx, me, portin.Changes{LosingProvider: str("Gamma"), CustomerName: str("Demo Widgets Ltd"),
		Numbers: []portin.NumberInput{{Number: "020 7946 0000", TrackingSource: "Radio"}}}); err != nil {
		return Result{}, err
	}
	if err := seedPortOut(ctx, a, me, acc.ID); err != nil {
		return Result{}, err
	}
	return Result{Created: true, Email: demoEmail, Password: pw}, nil
}

// seedPortOut gives the demo numbers it already has with us, port-out protection, and a
// gaining provider's request that quotes no PIN: the team's port-out queue with a failed
// check to answer, and the admin's notice of it.
func seedPortOut(ctx context.Context, a *app.App, me domain.Actor, accountID int64) error {
	for _, n := range []string{"0113 496 0500", "0113 496 0501"} {
		if _, err := a.Team.AddInventoryNumber(ctx, desk.System(), team.InventoryInput{AccountID: accountID, Number: n, ReceivingNumber: "0161 496 0000",
			TrackingSource: "Print"}); err != nil {
			return err
		}
	}
	name, postcode := "Demo Widgets Ltd", "LS1 5AB"
	if _, err := a.PortOuts.UpdateSettings(ctx, me, accountID, portout.SettingsChanges{RecordName: &name, RecordPostcode: &postcode}); err != nil {
		return err
	}
	if _, err := a.PortOuts.SetPIN(ctx, me, accountID, "2468"); err != nil {
		return err
	}
	_, err := a.PortOuts.Create(ctx, desk.System(), portout.Input{AccountID: accountID, GainingProvider: "Vodafone", GainingReference: "VF-DEMO-1",
		EndUserName: "Demo Widgets Limited", Postcode: "ls1 5ab", Numbers: []string{"0113 496 0501"}}, nil)
	return err
}

// demoBill draws a page that looks like a bill from afar: a header band and lines of text.
func demoBill() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 420, 594))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(0, 0, 420, 60), &image.Uniform{color.RGBA{0x1f, 0x4f, 0xd6, 0xff}}, image.Point{}, draw.Src)
	for y := 100; y < 540; y += 24 {
		w := 300 + (y*37)%80
		draw.Draw(img, image.Rect(40, y, 40+w, y+8), &image.Uniform{color.RGBA{0xc8, 0xcf, 0xdc, 0xff}}, image.Point{}, draw.Src)
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img) // an in-memory image: cannot fail
	return b.Bytes()
}
