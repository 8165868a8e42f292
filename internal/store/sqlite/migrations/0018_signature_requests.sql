-- Send for signature (#16): a letter of authorisation emailed to the person who signs it, as
-- a single-use link valid for a week. Only the hash of the link's token is kept. The link is
-- good for the letter as it read when sent (content_sha256).
CREATE TABLE signature_requests (
	id             INTEGER PRIMARY KEY,
	port_in_id     INTEGER NOT NULL REFERENCES port_ins (id) ON DELETE CASCADE,
	order_key      TEXT NOT NULL,
	content_sha256 TEXT NOT NULL,
	email          TEXT NOT NULL,
	name           TEXT NOT NULL,
	created_by     INTEGER NOT NULL,
	token_hash     BLOB UNIQUE,
	created_at     INTEGER NOT NULL,
	expires_at     INTEGER NOT NULL,
	revoked_at     INTEGER,
	used_at        INTEGER,
	signature_id   INTEGER REFERENCES loa_signatures (id)
);
CREATE INDEX signature_requests_port_in ON signature_requests (port_in_id, id);

-- A signature made through such a link says which.
ALTER TABLE loa_signatures ADD COLUMN signature_request_id INTEGER;
