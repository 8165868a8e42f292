// Package webhooks sends PortDesk's events to customers' endpoints the Standard Webhooks way
// (https://www.standardwebhooks.com): signed with HMAC-SHA256 over id, timestamp and body,
// retried with backoff for about a day, and only to addresses that are safe to call.
package webhooks
