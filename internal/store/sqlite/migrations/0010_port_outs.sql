-- Port-outs (#6): numbers leaving the operator, checked against the account's protection
-- (PIN, records, locks) and told to its admins. The given PIN is never stored, only its outcome.
CREATE TABLE port_outs (
	id                INTEGER PRIMARY KEY,
	account_id        INTEGER NOT NULL REFERENCES accounts (id),
	status            TEXT NOT NULL,
	version           INTEGER NOT NULL,
	status_reason     TEXT NOT NULL,
	origin            TEXT NOT NULL,
	gaining_provider  TEXT NOT NULL,
	gaining_reference TEXT NOT NULL,
	end_user_name     TEXT NOT NULL,
	postcode          TEXT NOT NULL,
	pin_outcome       TEXT NOT NULL,
	desired_date      INTEGER,
	checks            TEXT NOT NULL,
	rejections        TEXT NOT NULL,
	auto_authorize_at INTEGER,
	created_by        INTEGER NOT NULL,
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL
);
CREATE INDEX port_outs_account ON port_outs (account_id, id);
CREATE INDEX port_outs_status ON port_outs (status, id);

CREATE TABLE port_out_numbers (
	port_out_id INTEGER NOT NULL REFERENCES port_outs (id) ON DELETE CASCADE,
	number      TEXT NOT NULL,
	country     TEXT NOT NULL,
	status      TEXT NOT NULL,
	outcome     TEXT NOT NULL,
	detail      TEXT NOT NULL,
	held        INTEGER NOT NULL,
	PRIMARY KEY (port_out_id, number)
);
-- One open port-out holds a number (marks it porting_out) at a time: the database says so.
CREATE UNIQUE INDEX port_out_numbers_held ON port_out_numbers (number) WHERE held = 1;
CREATE INDEX port_out_numbers_number ON port_out_numbers (number);

CREATE TABLE port_out_documents (
	id            INTEGER PRIMARY KEY,
	port_out_id   INTEGER NOT NULL REFERENCES port_outs (id) ON DELETE CASCADE,
	name          TEXT NOT NULL,
	content_type  TEXT NOT NULL,
	size          INTEGER NOT NULL,
	sha256        TEXT NOT NULL,
	pages         INTEGER NOT NULL,
	storage_key   TEXT NOT NULL,
	uploaded_by   INTEGER NOT NULL,
	uploader_name TEXT NOT NULL,
	uploaded_at   INTEGER NOT NULL
);
CREATE INDEX port_out_documents_port_out ON port_out_documents (port_out_id, id);

-- An account's port-out protection; no row means none set.
CREATE TABLE port_out_protection (
	account_id          INTEGER PRIMARY KEY REFERENCES accounts (id),
	pin_hash            TEXT NOT NULL,
	pin_set_at          INTEGER,
	record_name         TEXT NOT NULL,
	record_postcode     TEXT NOT NULL,
	locked              INTEGER NOT NULL,
	locked_at           INTEGER,
	auto_authorize_days INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL
);

-- Locks on single numbers, by number: lifted when the number leaves.
CREATE TABLE port_out_number_locks (
	number     TEXT PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts (id),
	locked_by  INTEGER NOT NULL,
	actor_name TEXT NOT NULL,
	locked_at  INTEGER NOT NULL
);
CREATE INDEX port_out_number_locks_account ON port_out_number_locks (account_id, number);

-- A port-out's events share the timeline table (and so email and webhook delivery by event
-- ID) with port_in_id 0.
ALTER TABLE events ADD COLUMN port_out_id INTEGER;
CREATE INDEX events_port_out ON events (port_out_id, id) WHERE port_out_id IS NOT NULL;
