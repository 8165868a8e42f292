-- Email deliveries (#5): one row per event and recipient, so a retried job never sends twice.
CREATE TABLE email_deliveries (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	event_id   BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	port_in_id BIGINT NOT NULL,
	recipient  TEXT NOT NULL,
	template   TEXT NOT NULL,
	message_id TEXT NOT NULL,
	subject    TEXT NOT NULL,
	status     TEXT NOT NULL,
	attempts   BIGINT NOT NULL,
	error      TEXT NOT NULL,
	at         BIGINT NOT NULL,
	UNIQUE (event_id, recipient)
);
CREATE INDEX email_deliveries_port_in ON email_deliveries (port_in_id, id);
