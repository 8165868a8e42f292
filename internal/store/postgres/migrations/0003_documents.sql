-- Documents (#4): uploaded files' metadata (the bytes are in the document store) and the
-- evidence of LOA e-signatures.
CREATE TABLE documents (
	id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	port_in_id    BIGINT NOT NULL REFERENCES port_ins (id) ON DELETE CASCADE,
	kind          TEXT NOT NULL,
	name          TEXT NOT NULL,
	content_type  TEXT NOT NULL,
	size          BIGINT NOT NULL,
	sha256        TEXT NOT NULL,
	pages         BIGINT NOT NULL,
	storage_key   TEXT NOT NULL,
	uploaded_by   BIGINT NOT NULL,
	uploader_name TEXT NOT NULL,
	uploaded_at   BIGINT NOT NULL
);
CREATE INDEX documents_port_in ON documents (port_in_id, id);

CREATE TABLE loa_signatures (
	id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	port_in_id     BIGINT NOT NULL REFERENCES port_ins (id) ON DELETE CASCADE,
	order_key      TEXT NOT NULL,
	content_sha256 TEXT NOT NULL,
	signer_name    TEXT NOT NULL,
	signer_title   TEXT NOT NULL,
	signer_email   TEXT NOT NULL,
	user_id        BIGINT NOT NULL,
	ip             TEXT NOT NULL,
	user_agent     TEXT NOT NULL,
	signed_at      BIGINT NOT NULL,
	drawn          BYTEA
);
CREATE INDEX loa_signatures_port_in ON loa_signatures (port_in_id, id);
