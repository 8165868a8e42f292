-- Webhooks (#5): endpoints per account, and one delivery per event and endpoint with its
-- attempts, for the delivery log and redelivery.
CREATE TABLE webhook_endpoints (
	id          INTEGER PRIMARY KEY,
	account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	url         TEXT NOT NULL,
	secret      TEXT NOT NULL,
	events      TEXT NOT NULL,
	description TEXT NOT NULL,
	disabled    INTEGER NOT NULL,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL
);
CREATE INDEX webhook_endpoints_account ON webhook_endpoints (account_id, id);

CREATE TABLE webhook_deliveries (
	id            INTEGER PRIMARY KEY,
	endpoint_id   INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
	event_id      INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	event_type    TEXT NOT NULL,
	message_id    TEXT NOT NULL,
	payload       BLOB NOT NULL,
	status        TEXT NOT NULL,
	attempts      INTEGER NOT NULL,
	response_code INTEGER NOT NULL,
	response      TEXT NOT NULL,
	at            INTEGER NOT NULL,
	UNIQUE (endpoint_id, event_id, event_type)
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);
