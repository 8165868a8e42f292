package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// admin runs non-interactive administration commands that print JSON, for scripts.
func admin(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("admin needs a command: create-account, create-user or create-token")
	}
	var c config
	fs := flag.NewFlagSet("admin "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	bindCommon(fs, &c, getenv)
	var (
		name, email, role, password, country string
		zone                                 string // create-account's --time-zone
		parent, account                      int64
		staff                                bool
	)
	switch args[0] {
	case "create-account":
		fs.StringVar(&name, "name", "", "account name")
		fs.Int64Var(&parent, "parent", 0, "parent account ID, for a sub-account")
		fs.StringVar(&country, "country", "GB", "default country for national-format numbers: GB, US or CA")
		fs.StringVar(&zone, "time-zone", "", "IANA time zone the account's users read dates in, e.g. America/Los_Angeles; default: the country's porting zone")
	case "create-user":
		fs.Int64Var(&account, "account", 0, "account ID (customer users)")
		fs.BoolVar(&staff, "staff", false, "a member of the operator's porting team")
		fs.StringVar(&email, "email", "", "email address, used to log in")
		fs.StringVar(&name, "name", "", "full name")
		fs.StringVar(&role, "role", "", "admin or member (customers); agent or admin (--staff)")
		fs.StringVar(&password, "password", "", "password; generated and printed when empty")
	case "create-token":
		fs.StringVar(&email, "email", "", "the user the token acts as")
		fs.StringVar(&name, "name", "CLI token", "a label for the token")
	default:
		return fmt.Errorf("unknown admin command %q", args[0])
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := openForCommand(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer func() { _ = a.close() }()
	sys := desk.System()
	var out any
	switch args[0] {
	case "create-account":
		acc, err := a.app.Access.CreateAccountWith(ctx, sys, access.NewAccount{Name: name, ParentID: parent, Country: domain.Country(country), TimeZone: zone})
		if err != nil {
			return explain(err)
		}
		out = map[string]any{"id": acc.ID, "name": acc.Name, "parent_id": acc.ParentID, "country": acc.Country, "time_zone": desk.AccountZone(acc).String()}
	case "create-user":
		u, generated, err := a.app.Access.CreateUser(ctx, sys, access.NewUser{AccountID: account, Staff: staff, Role: domain.Role(role), Email: email, Name: name, Password: password})
		if err != nil {
			return explain(err)
		}
		m := map[string]any{"id": u.ID, "email": u.Email, "role": u.Role, "staff": u.Staff, "account_id": u.AccountID}
		if generated != "" {
			m["password"] = generated
		}
		out = m
	case "create-token":
		tok, err := a.app.Access.TokenFor(ctx, email, name)
		if err != nil {
			return explain(err)
		}
		out = map[string]any{"token": tok}
	}
	enc := json.NewEncoder(stdout)
	return enc.Encode(out)
}

// explain turns a domain error into a message naming each bad flag.
func explain(err error) error {
	var e *domain.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	msg := e.Message
	for _, f := range e.Fields {
		msg += fmt.Sprintf("\n  %s: %s", f.Field, f.Message)
	}
	return fmt.Errorf("%s", msg)
}
