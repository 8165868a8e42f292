-- UK mobile ports (#mobile): the PAC of a request's mobile order, in place of a letter and a
-- bill. One per request and order; entering another replaces it.
CREATE TABLE port_in_pacs (
	port_in_id INTEGER NOT NULL REFERENCES port_ins (id) ON DELETE CASCADE,
	order_key  TEXT NOT NULL,
	code       TEXT NOT NULL CHECK (code GLOB '[A-Z][A-Z][A-Z][0-9][0-9][0-9][0-9][0-9][0-9]'),
	expires_on INTEGER NOT NULL,
	entered_by INTEGER NOT NULL,
	entered_at INTEGER NOT NULL,
	PRIMARY KEY (port_in_id, order_key)
);
