package desk

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"github.com/portdesk/portdesk/internal/domain"
)

// Demo is what SeedDemo made.
type Demo struct {
	Created  bool
	Email    string
	Password string
}

const demoEmail = "demo@portdesk.local"

// SeedDemo creates, once, a demo customer with a sub-account and requests in several states,
// so a new install shows the product at work.
func (s *Service) SeedDemo(ctx context.Context) (Demo, error) {
	if _, err := s.store.UserByEmail(ctx, demoEmail); err == nil {
		return Demo{Email: demoEmail}, nil
	}
	acc, err := s.CreateAccount(ctx, systemAdmin, "Demo Widgets Ltd", 0, domain.CountryGB)
	if err != nil {
		return Demo{}, err
	}
	if _, err := s.CreateAccount(ctx, systemAdmin, "Demo Widgets Leeds", acc.ID, domain.CountryGB); err != nil {
		return Demo{}, err
	}
	u, pw, err := s.CreateUser(ctx, systemAdmin, NewUser{AccountID: acc.ID, Role: domain.RoleAdmin, Email: demoEmail, Name: "Dana Demo"})
	if err != nil {
		return Demo{}, err
	}
	me := domain.ActorOf(u)
	str := func(v string) *string { return &v }
	ct, pt, lt := domain.CustomerBusiness, domain.PortFull, domain.MultiLine
	var accept []domain.Agreement
	for _, a := range domain.Agreements {
		accept = append(accept, a.Key)
	}
	full := PortInChanges{
		LosingProvider: str("BT"), LosingProviderAddress: str("BT Group plc, 1 Braham Street, London E1 8EE"),
		CustomerName: str("Demo Widgets Ltd"), CustomerType: &ct,
		AuthorisedPerson: &domain.Person{Name: "Dana Demo", Title: "Operations Director", Email: demoEmail},
		BillingAddress:   &domain.Address{Line1: "1 Park Row", City: "Leeds", Postcode: "LS1 5AB", Country: "GB"},
		AccountNumber:    str("BT-0042-7781"), BTN: str("0113 496 0000"), PortType: &pt, LineType: &lt, Accept: accept,
		Numbers: []NumberInput{
			{Number: "0113 496 0000", ReceivingNumber: "0161 496 0000", TrackingSource: "Google Ads"},
			{Number: "0113 496 0001", ReceivingNumber: "0161 496 0000", TrackingSource: "Website"},
		},
	}
	submitted, err := s.CreatePortIn(ctx, me, full)
	if err != nil {
		return Demo{}, err
	}
	// The demo's paperwork: the letter e-signed by Dana, and a bill (a drawn page).
	if _, err := s.SignLOA(ctx, me, submitted.ID, SignInput{Name: "Dana Demo", Title: "Operations Director", Email: demoEmail, Agree: true,
		IP: "127.0.0.1", UserAgent: "PortDesk demo seed"}); err != nil {
		return Demo{}, err
	}
	if _, err := s.UploadDocument(ctx, me, submitted.ID, domain.DocBill, "demo-bill.png", bytes.NewReader(demoBill())); err != nil {
		return Demo{}, err
	}
	if _, err := s.Submit(ctx, me, submitted.ID, submitted.Version); err != nil {
		return Demo{}, err
	}
	if _, err := s.AddNote(ctx, me, submitted.ID, "Please port these before our spring campaign.", false); err != nil {
		return Demo{}, err
	}
	if _, err := s.CreatePortIn(ctx, me, PortInChanges{LosingProvider: str("Gamma"), CustomerName: str("Demo Widgets Ltd"),
		Numbers: []NumberInput{{Number: "020 7946 0000", TrackingSource: "Radio"}}}); err != nil {
		return Demo{}, err
	}
	if err := s.seedDemoPortOut(ctx, me, acc.ID); err != nil {
		return Demo{}, err
	}
	return Demo{Created: true, Email: demoEmail, Password: pw}, nil
}

// seedDemoPortOut gives the demo numbers it already has with us, port-out protection, and a
// gaining provider's request that quotes no PIN: the team's port-out queue with a failed
// check to answer, and the admin's notice of it.
func (s *Service) seedDemoPortOut(ctx context.Context, me domain.Actor, accountID int64) error {
	for _, n := range []string{"0113 496 0500", "0113 496 0501"} {
		if _, err := s.AddInventoryNumber(ctx, systemAdmin, InventoryInput{AccountID: accountID, Number: n, ReceivingNumber: "0161 496 0000",
			TrackingSource: "Print"}); err != nil {
			return err
		}
	}
	name, postcode := "Demo Widgets Ltd", "LS1 5AB"
	if _, err := s.UpdatePortOutSettings(ctx, me, accountID, PortOutSettingsChanges{RecordName: &name, RecordPostcode: &postcode}); err != nil {
		return err
	}
	if _, err := s.SetPortOutPIN(ctx, me, accountID, "2468"); err != nil {
		return err
	}
	_, err := s.CreatePortOut(ctx, systemAdmin, PortOutInput{AccountID: accountID, GainingProvider: "Vodafone", GainingReference: "VF-DEMO-1",
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
