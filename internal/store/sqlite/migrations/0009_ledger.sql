-- The fees ledger (#6): entries are only added; a reversal names the entry it undoes, once;
-- a charge's key makes it once however often the change that makes it runs.
CREATE TABLE ledger_entries (
	id          INTEGER PRIMARY KEY,
	account_id  INTEGER NOT NULL REFERENCES accounts (id),
	kind        TEXT NOT NULL,
	amount      INTEGER NOT NULL,
	currency    TEXT NOT NULL,
	description TEXT NOT NULL,
	port_in_id  INTEGER NOT NULL,
	port_out_id INTEGER NOT NULL,
	reverses_id INTEGER UNIQUE REFERENCES ledger_entries (id),
	charge_key  TEXT UNIQUE,
	created_by  INTEGER NOT NULL,
	actor_name  TEXT NOT NULL,
	created_at  INTEGER NOT NULL
);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id, created_at, id);
