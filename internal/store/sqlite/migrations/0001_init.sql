-- Times are microseconds since the Unix epoch (UTC); booleans are 0/1.
CREATE TABLE accounts (
	id         INTEGER PRIMARY KEY,
	parent_id  INTEGER REFERENCES accounts (id),
	name       TEXT NOT NULL,
	country    TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX accounts_name ON accounts (lower(name));
CREATE INDEX accounts_parent ON accounts (parent_id);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	account_id    INTEGER REFERENCES accounts (id),
	staff         INTEGER NOT NULL,
	role          TEXT NOT NULL,
	email         TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	created_at    INTEGER NOT NULL
);
CREATE INDEX users_account ON users (account_id);

CREATE TABLE sessions (
	token_hash BLOB PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf_token TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
	id           INTEGER PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	prefix       TEXT NOT NULL,
	hash         BLOB NOT NULL UNIQUE,
	created_at   INTEGER NOT NULL,
	last_used_at INTEGER,
	revoked_at   INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_failures (
	key TEXT NOT NULL,
	at  INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE port_ins (
	id                      INTEGER PRIMARY KEY,
	account_id              INTEGER NOT NULL REFERENCES accounts (id),
	status                  TEXT NOT NULL,
	version                 INTEGER NOT NULL,
	status_reason           TEXT NOT NULL,
	losing_provider         TEXT NOT NULL,
	losing_provider_address TEXT NOT NULL,
	customer_name           TEXT NOT NULL,
	customer_type           TEXT NOT NULL,
	authorised_person       TEXT NOT NULL,
	billing_address         TEXT NOT NULL,
	service_address         TEXT,
	account_number          TEXT NOT NULL,
	pin_sealed              BLOB,
	btn                     TEXT NOT NULL,
	port_type               TEXT NOT NULL,
	new_btn                 TEXT NOT NULL,
	desired_date            INTEGER,
	recipients              TEXT NOT NULL,
	acceptances             TEXT NOT NULL,
	created_by              INTEGER NOT NULL,
	created_at              INTEGER NOT NULL,
	updated_at              INTEGER NOT NULL,
	submitted_at            INTEGER
);
CREATE INDEX port_ins_account ON port_ins (account_id, id);
CREATE INDEX port_ins_status ON port_ins (status, updated_at);

CREATE TABLE port_in_numbers (
	port_in_id       INTEGER NOT NULL REFERENCES port_ins (id) ON DELETE CASCADE,
	number           TEXT NOT NULL,
	receiving_number TEXT NOT NULL,
	tracking_source  TEXT NOT NULL,
	status           TEXT NOT NULL,
	warnings         TEXT NOT NULL,
	open             INTEGER NOT NULL,
	added_at         INTEGER NOT NULL,
	PRIMARY KEY (port_in_id, number)
);
-- A number can be on one open port at a time, whatever the account: the database says so.
CREATE UNIQUE INDEX port_in_numbers_open ON port_in_numbers (number) WHERE open = 1;
CREATE INDEX port_in_numbers_number ON port_in_numbers (number);

CREATE TABLE inventory_numbers (
	id               INTEGER PRIMARY KEY,
	account_id       INTEGER NOT NULL REFERENCES accounts (id),
	number           TEXT NOT NULL UNIQUE,
	status           TEXT NOT NULL,
	receiving_number TEXT NOT NULL,
	tracking_source  TEXT NOT NULL,
	sms              TEXT NOT NULL,
	created_at       INTEGER NOT NULL,
	updated_at       INTEGER NOT NULL
);
CREATE INDEX inventory_account ON inventory_numbers (account_id, id);
CREATE INDEX inventory_receiving ON inventory_numbers (receiving_number);

CREATE TABLE notes (
	id          INTEGER PRIMARY KEY,
	port_in_id  INTEGER NOT NULL REFERENCES port_ins (id) ON DELETE CASCADE,
	author_id   INTEGER NOT NULL,
	author_name TEXT NOT NULL,
	staff       INTEGER NOT NULL,
	internal    INTEGER NOT NULL,
	body        TEXT NOT NULL,
	created_at  INTEGER NOT NULL
);
CREATE INDEX notes_port_in ON notes (port_in_id, id);

-- No foreign key to port_ins: the audit trail outlives a deleted draft.
CREATE TABLE events (
	id          INTEGER PRIMARY KEY,
	port_in_id  INTEGER NOT NULL,
	account_id  INTEGER NOT NULL,
	actor_id    INTEGER,
	actor_name  TEXT NOT NULL,
	type        TEXT NOT NULL,
	from_status TEXT NOT NULL,
	to_status   TEXT NOT NULL,
	reason      TEXT NOT NULL,
	detail      TEXT NOT NULL,
	at          INTEGER NOT NULL
);
CREATE INDEX events_port_in ON events (port_in_id, id);
