-- The fees ledger (#6): entries are only added; a reversal names the entry it undoes, once;
-- a charge's key makes it once however often the change that makes it runs.
CREATE TABLE ledger_entries (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	account_id  BIGINT NOT NULL REFERENCES accounts (id),
	kind        TEXT NOT NULL,
	amount      BIGINT NOT NULL,
	currency    TEXT NOT NULL,
	description TEXT NOT NULL,
	port_in_id  BIGINT NOT NULL,
	port_out_id BIGINT NOT NULL,
	reverses_id BIGINT UNIQUE REFERENCES ledger_entries (id),
	charge_key  TEXT UNIQUE,
	created_by  BIGINT NOT NULL,
	actor_name  TEXT NOT NULL,
	created_at  BIGINT NOT NULL
);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id, created_at, id);
