-- UK mobile ports (#mobile): the PAC of a request's mobile order, in place of a letter and a
-- bill. One per request and order; entering another replaces it.
CREATE TABLE port_in_pacs (
	port_in_id BIGINT NOT NULL REFERENCES port_ins (id) ON DELETE CASCADE,
	order_key  TEXT NOT NULL,
	code       TEXT NOT NULL CHECK (code ~ '^[A-Z]{3}[0-9]{6}$'),
	expires_on BIGINT NOT NULL,
	entered_by BIGINT NOT NULL,
	entered_at BIGINT NOT NULL,
	PRIMARY KEY (port_in_id, order_key)
);
