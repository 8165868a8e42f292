-- Letters of authorisation as signed and sent: frozen at submission (each order its own), and
-- again when a letter that changed after signing is signed again, so that completing numbers,
-- newer range data or a renamed operator never change what the carrier was sent. The PDF's
-- bytes are in the document store under storage_key, sha256 is theirs; letter is what the
-- letter shows (JSON) and content_sha256 its hash, to tell whether the request still says the
-- same. The gaining provider keeps them at least a year: only a deleted draft takes its own.
CREATE TABLE frozen_letters (
	id             INTEGER PRIMARY KEY,
	port_in_id     INTEGER NOT NULL REFERENCES port_ins (id) ON DELETE CASCADE,
	order_key      TEXT NOT NULL,
	loa_type       TEXT NOT NULL,
	provider       TEXT NOT NULL,
	letter         TEXT NOT NULL,
	content_sha256 TEXT NOT NULL,
	signature_id   INTEGER REFERENCES loa_signatures (id),
	document_id    INTEGER,
	sha256         TEXT NOT NULL,
	size           INTEGER NOT NULL,
	storage_key    TEXT NOT NULL,
	frozen_at      INTEGER NOT NULL
);
CREATE INDEX frozen_letters_port_in ON frozen_letters (port_in_id, id);
