-- Email deliveries (#5): one row per event and recipient, so a retried job never sends twice.
CREATE TABLE email_deliveries (
	id         INTEGER PRIMARY KEY,
	event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	port_in_id INTEGER NOT NULL,
	recipient  TEXT NOT NULL,
	template   TEXT NOT NULL,
	message_id TEXT NOT NULL,
	subject    TEXT NOT NULL,
	status     TEXT NOT NULL,
	attempts   INTEGER NOT NULL,
	error      TEXT NOT NULL,
	at         INTEGER NOT NULL,
	UNIQUE (event_id, recipient)
);
CREATE INDEX email_deliveries_port_in ON email_deliveries (port_in_id, id);
