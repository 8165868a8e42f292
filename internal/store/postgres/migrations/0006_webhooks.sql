-- Webhooks (#5): endpoints per account, and one delivery per event and endpoint with its
-- attempts, for the delivery log and redelivery.
CREATE TABLE webhook_endpoints (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	account_id  BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	url         TEXT NOT NULL,
	secret      TEXT NOT NULL,
	events      TEXT NOT NULL,
	description TEXT NOT NULL,
	disabled    BOOLEAN NOT NULL,
	created_at  BIGINT NOT NULL,
	updated_at  BIGINT NOT NULL
);
CREATE INDEX webhook_endpoints_account ON webhook_endpoints (account_id, id);

CREATE TABLE webhook_deliveries (
	id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	endpoint_id   BIGINT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
	event_id      BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	event_type    TEXT NOT NULL,
	message_id    TEXT NOT NULL,
	payload       BYTEA NOT NULL,
	status        TEXT NOT NULL,
	attempts      BIGINT NOT NULL,
	response_code BIGINT NOT NULL,
	response      TEXT NOT NULL,
	at            BIGINT NOT NULL,
	UNIQUE (endpoint_id, event_id, event_type)
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);
