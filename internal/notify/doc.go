// Package notify writes and sends PortDesk's email: messages from embedded templates in plain
// text and HTML, sent over SMTP, or written as .eml files to an outbox directory when no SMTP
// server is configured, so an embedded install still shows every message.
package notify
