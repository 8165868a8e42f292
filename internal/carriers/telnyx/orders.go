package telnyx

import (
	"bytes"
	"cmp"
	"context"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// Telnyx's porting order, as far as we read and write it.
type order struct {
	ID                string        `json:"id,omitempty"`
	CustomerReference string        `json:"customer_reference,omitempty"`
	Status            *orderStatus  `json:"status,omitempty"`
	PhoneNumbers      []orderNumber `json:"phone_numbers,omitempty"`
	EndUser           *endUser      `json:"end_user,omitempty"`
	Misc              *misc         `json:"misc,omitempty"`
	Activation        *activation   `json:"activation_settings,omitempty"`
	Documents         *documents    `json:"documents,omitempty"`
}

type orderStatus struct {
	Value   string `json:"value"`
	Details []struct {
		Code        string `json:"code"`
		Description string `json:"description"`
	} `json:"details,omitempty"`
}

type orderNumber struct {
	PhoneNumber string `json:"phone_number"`
}

type endUser struct {
	Admin    admin    `json:"admin"`
	Location location `json:"location"`
}

type admin struct {
	EntityName         string `json:"entity_name"`
	AuthPersonName     string `json:"auth_person_name"`
	AccountNumber      string `json:"account_number"`
	BillingPhoneNumber string `json:"billing_phone_number"`
	PINPasscode        string `json:"pin_passcode,omitempty"`
}

type location struct {
	StreetAddress      string `json:"street_address"`
	ExtendedAddress    string `json:"extended_address"`
	Locality           string `json:"locality"`
	AdministrativeArea string `json:"administrative_area"`
	PostalCode         string `json:"postal_code"`
	CountryCode        string `json:"country_code"`
}

type misc struct {
	Type                   string `json:"type"`
	NewBillingPhoneNumber  string `json:"new_billing_phone_number,omitempty"`
	RemainingNumbersAction string `json:"remaining_numbers_action,omitempty"`
}

type activation struct {
	FOCRequested *time.Time `json:"foc_datetime_requested,omitempty"`
	FOCActual    *time.Time `json:"foc_datetime_actual,omitempty"`
}

type documents struct {
	LOA     string `json:"loa,omitempty"`
	Invoice string `json:"invoice,omitempty"`
}

type one[T any] struct {
	Data T `json:"data"`
}

// CreateOrder finds the orders made before under our key, or makes them: Telnyx may split
// the numbers into several orders, each a part.
func (c *Connector) CreateOrder(ctx context.Context, o domain.CarrierOrderRequest) ([]domain.CarrierOrderPart, error) {
	var found one[[]order]
	q := url.Values{"filter[customer_reference]": {o.Key}}
	if err := c.jsonCall(ctx, "find order", "GET", "/porting_orders?"+q.Encode(), nil, &found); err != nil {
		return nil, err
	}
	var live []order
	for _, f := range found.Data {
		if f.Status == nil || (f.Status.Value != "cancelled" && f.Status.Value != "cancel-pending") {
			live = append(live, f)
		}
	}
	if len(live) == 0 {
		in := struct {
			PhoneNumbers      []string `json:"phone_numbers"`
			CustomerReference string   `json:"customer_reference"`
		}{o.Numbers, o.Key}
		var made one[[]order]
		if err := c.jsonCall(ctx, "create order", "POST", "/porting_orders", in, &made); err != nil {
			return nil, err
		}
		live = made.Data
	}
	parts := make([]domain.CarrierOrderPart, 0, len(live))
	for _, l := range live {
		p := domain.CarrierOrderPart{Ref: l.ID}
		for _, n := range l.PhoneNumbers {
			p.Numbers = append(p.Numbers, n.PhoneNumber)
		}
		parts = append(parts, p)
	}
	return parts, nil
}

func orderPath(ref string) string { return "/porting_orders/" + url.PathEscape(ref) }

// Update writes the end user as on the bill, the account, PIN, BTN, the port type (a partial
// port keeps the other lines, under the new BTN) and the date asked for.
func (c *Connector) Update(ctx context.Context, ref string, o domain.CarrierOrderRequest) error {
	in := order{CustomerReference: o.Key,
		EndUser: &endUser{
			Admin: admin{EntityName: o.EndUserName, AuthPersonName: o.AuthorisedName, AccountNumber: o.AccountNumber,
				BillingPhoneNumber: o.BTN, PINPasscode: o.PIN},
			Location: location{StreetAddress: o.Address.Line1, ExtendedAddress: o.Address.Line2, Locality: o.Address.City,
				AdministrativeArea: o.Address.Region, PostalCode: o.Address.Postcode, CountryCode: o.Address.Country},
		},
		Misc: &misc{Type: "full"},
	}
	if o.Partial {
		in.Misc = &misc{Type: "partial", NewBillingPhoneNumber: o.NewBTN, RemainingNumbersAction: "keep"}
	}
	if o.RequestedFOC != nil {
		in.Activation = &activation{FOCRequested: o.RequestedFOC}
	}
	return c.jsonCall(ctx, "update order", "PATCH", orderPath(ref), in, nil)
}

// AttachDocument uploads the document and names it the order's letter or invoice.
func (c *Connector) AttachDocument(ctx context.Context, ref string, _ domain.CarrierOrderRequest, d domain.CarrierDocument) error {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="`+safeName(d.Name)+`"`)
	h.Set("Content-Type", d.ContentType)
	part, err := w.CreatePart(h)
	if err != nil {
		return err
	}
	if _, err := part.Write(d.Data); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	var up one[struct {
		ID string `json:"id"`
	}]
	if err := c.api.Call(ctx, "upload "+string(d.Kind), "POST", "/documents", w.FormDataContentType(), b.Bytes(), &up); err != nil {
		return err
	}
	docs := &documents{Invoice: up.Data.ID}
	if d.Kind == domain.CarrierDocLOA {
		docs = &documents{LOA: up.Data.ID}
	}
	return c.jsonCall(ctx, "attach "+string(d.Kind), "PATCH", orderPath(ref), order{Documents: docs}, nil)
}

// safeName keeps a file name to letters, digits, dot, dash and underscore.
func safeName(s string) string {
	out := []rune{}
	for _, r := range s {
		if r == '.' || r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return "document"
	}
	return string(out)
}

// Submit confirms a draft, or one refused and since fixed; one already on its way is left.
func (c *Connector) Submit(ctx context.Context, ref string, _ domain.CarrierOrderRequest) error {
	var got one[order]
	if err := c.jsonCall(ctx, "read order", "GET", orderPath(ref), nil, &got); err != nil {
		return err
	}
	if v := statusOf(got.Data); v != "draft" && v != "exception" {
		return nil
	}
	return c.jsonCall(ctx, "submit", "POST", orderPath(ref)+"/actions/confirm", nil, nil)
}

// Cancel cancels an order that is not cancelled (or being cancelled) already.
func (c *Connector) Cancel(ctx context.Context, ref string) error {
	var got one[order]
	if err := c.jsonCall(ctx, "read order", "GET", orderPath(ref), nil, &got); err != nil {
		return err
	}
	if v := statusOf(got.Data); v == "cancelled" || v == "cancel-pending" || v == "ported" {
		return nil
	}
	return c.jsonCall(ctx, "cancel", "POST", orderPath(ref)+"/actions/cancel", nil, nil)
}

func statusOf(o order) string {
	if o.Status == nil {
		return ""
	}
	return o.Status.Value
}

// statuses is Telnyx's word for where an order stands, in ours.
var statuses = map[string]domain.CarrierStatus{
	"draft":              domain.CarrierDraft,
	"in-process":         domain.CarrierInProcess,
	"submitted":          domain.CarrierInProcess,
	"exception":          domain.CarrierRefused,
	"foc-date-confirmed": domain.CarrierFOCConfirmed,
	"ported":             domain.CarrierPorted,
	"cancel-pending":     domain.CarrierCancelled,
	"cancelled":          domain.CarrierCancelled,
}

type comment struct {
	ID        string    `json:"id"`
	Body      string    `json:"body"`
	UserType  string    `json:"user_type"`
	CreatedAt time.Time `json:"created_at"`
}

// Status reads the order and its comments.
func (c *Connector) Status(ctx context.Context, ref string) (domain.CarrierOrderState, error) {
	var got one[order]
	if err := c.jsonCall(ctx, "read order", "GET", orderPath(ref), nil, &got); err != nil {
		return domain.CarrierOrderState{}, err
	}
	st := domain.CarrierOrderState{Ref: ref, Key: got.Data.CustomerReference}
	for _, n := range got.Data.PhoneNumbers {
		st.Numbers = append(st.Numbers, n.PhoneNumber)
	}
	v := statusOf(got.Data)
	var ok bool
	if st.Status, ok = statuses[v]; !ok {
		return st, &domain.Error{Code: domain.ErrInvalid, Message: "Telnyx gave a status we do not know: " + v}
	}
	if a := got.Data.Activation; a != nil && (st.Status == domain.CarrierFOCConfirmed || st.Status == domain.CarrierPorted) {
		st.FOC = a.FOCActual
		if st.FOC == nil {
			st.FOC = a.FOCRequested
		}
	}
	if st.Status == domain.CarrierRefused && got.Data.Status != nil {
		for _, d := range got.Data.Status.Details {
			st.Exceptions = append(st.Exceptions, domain.CarrierException{Code: d.Code, Description: d.Description, Rejection: cmp.Or(rejectionOf[d.Code], domain.RejectCarrierException)})
		}
	}
	var cs one[[]comment]
	if err := c.jsonCall(ctx, "read comments", "GET", orderPath(ref)+"/comments", nil, &cs); err != nil {
		return st, err
	}
	for _, cm := range cs.Data {
		st.Comments = append(st.Comments, domain.CarrierComment{ID: cm.ID, Body: cm.Body, At: cm.CreatedAt, Ours: cm.UserType == "user"})
	}
	return st, nil
}

// AddComment posts our words on the order.
func (c *Connector) AddComment(ctx context.Context, ref, body string) error {
	return c.jsonCall(ctx, "comment", "POST", orderPath(ref)+"/comments", map[string]string{"body": body}, nil)
}

// FOCDates are the windows Telnyx allows the order in.
func (c *Connector) FOCDates(ctx context.Context, ref string) ([]domain.FOCWindow, error) {
	var got one[[]struct {
		StartedAt time.Time `json:"started_at"`
		EndedAt   time.Time `json:"ended_at"`
	}]
	if err := c.jsonCall(ctx, "read FOC dates", "GET", orderPath(ref)+"/allowed_foc_windows", nil, &got); err != nil {
		return nil, err
	}
	out := make([]domain.FOCWindow, 0, len(got.Data))
	for _, w := range got.Data {
		out = append(out, domain.FOCWindow{From: w.StartedAt, To: w.EndedAt})
	}
	return out, nil
}

// rejectionOf turns Telnyx's exception codes into our rejection codes; a code not here is
// the generic carrier exception, its fix the carrier's own words, quoted.
var rejectionOf = map[string]domain.RejectionCode{
	"ACCOUNT_NUMBER_MISMATCH":   domain.RejectAccountNumber,
	"AUTH_PERSON_MISMATCH":      domain.RejectLOA,
	"BTN_MISMATCH":              domain.RejectBTN,
	"ENTITY_NAME_MISMATCH":      domain.RejectNameMismatch,
	"LOCATION_MISMATCH":         domain.RejectAddressMismatch,
	"POSTAL_CODE_MISMATCH":      domain.RejectAddressMismatch,
	"PASSCODE_PIN_INVALID":      domain.RejectPIN,
	"PENDING_ORDER":             domain.RejectPendingOrder,
	"LSR_PENDING":               domain.RejectPendingOrder,
	"PORT_TYPE_INCORRECT":       domain.RejectPartialNotSpecified,
	"MAIN_BTN_PORTING":          domain.RejectPartialNotSpecified,
	"PHONE_NUMBER_MISMATCH":     domain.RejectDifferentAccounts,
	"PHONE_NUMBER_NOT_PORTABLE": domain.RejectNumberInactive,
	"RATE_CENTER_NOT_PORTABLE":  domain.RejectRateCentre,
	"SV_CONFLICT":               domain.RejectPendingOrder,
	"INVALID_LOA":               domain.RejectLOA,
	"PORT_PROTECTION":           domain.RejectPortLock,
}
