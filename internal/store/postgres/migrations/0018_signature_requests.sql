-- Send for signature (#16): a letter of authorisation emailed to the person who signs it, as
-- a single-use link valid for a week. Only the hash of the link's token is kept. The link is
-- good for the letter as it read when sent (content_sha256).
CREATE TABLE signature_requests (
	id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	port_in_id     BIGINT NOT NULL REFERENCES port_ins (id) ON DELETE CASCADE,
	order_key      TEXT NOT NULL,
	content_sha256 TEXT NOT NULL,
	email          TEXT NOT NULL,
	name           TEXT NOT NULL,
	created_by     BIGINT NOT NULL,
	token_hash     BYTEA UNIQUE,
	created_at     BIGINT NOT NULL,
	expires_at     BIGINT NOT NULL,
	revoked_at     BIGINT,
	used_at        BIGINT,
	signature_id   BIGINT REFERENCES loa_signatures (id)
);
CREATE INDEX signature_requests_port_in ON signature_requests (port_in_id, id);

-- A signature made through such a link says which.
ALTER TABLE loa_signatures ADD COLUMN signature_request_id BIGINT;
