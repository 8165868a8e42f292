package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/wneessen/go-mail"
)

// SMTPConfig is how to reach the operator's mail server.
type SMTPConfig struct {
	Host     string
	Port     int    // default 587
	TLS      string // "starttls" (default: required), "tls" (implicit, port 465), "none" (a relay on a private network)
	Username string // empty: no authentication
	Password string
	Timeout  time.Duration // default 30s
}

// SMTP sends through a mail server, one connection per message: notifications are few and a
// job that fails is retried, so there is nothing to gain from holding connections open.
type SMTP struct {
	opts []mail.Option
	host string
}

// NewSMTP checks the configuration; it does not connect.
func NewSMTP(c SMTPConfig) (*SMTP, error) {
	if c.Host == "" {
		return nil, fmt.Errorf("smtp: no host")
	}
	if c.Timeout == 0 {
		c.Timeout = 30 * time.Second
	}
	opts := []mail.Option{mail.WithTimeout(c.Timeout)}
	switch c.TLS {
	case "", "starttls":
		opts = append(opts, mail.WithTLSPortPolicy(mail.TLSMandatory))
		if c.Port == 0 {
			c.Port = 587
		}
	case "tls":
		opts = append(opts, mail.WithSSL())
		if c.Port == 0 {
			c.Port = 465
		}
	case "none":
		opts = append(opts, mail.WithTLSPortPolicy(mail.NoTLS))
		if c.Port == 0 {
			c.Port = 25
		}
	default:
		return nil, fmt.Errorf("smtp: TLS must be starttls, tls or none, not %q", c.TLS)
	}
	opts = append(opts, mail.WithPort(c.Port))
	if c.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername(c.Username), mail.WithPassword(c.Password))
	}
	return &SMTP{opts: opts, host: c.Host}, nil
}

// Send delivers one message.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg, err := build(m)
	if err != nil {
		return err
	}
	client, err := mail.NewClient(s.host, s.opts...)
	if err != nil {
		return err
	}
	return client.DialAndSendWithContext(ctx, msg)
}
