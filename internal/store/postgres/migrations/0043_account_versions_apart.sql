-- The accounts' list versions (0030) in a table of their own (#17). Every write to a request
-- moves its account's version, and on PostgreSQL each move leaves a dead row version of the
-- account behind: the seed's 590,000 left the thousand accounts in 421 pages for 16 pages
-- of rows, and every search by text reads every account's name (a word in the queue: 0.74
-- ms a search, 0.64 from a compact copy). Apart, the moves churn a table of two numbers a
-- row, which only a sign-in's and a stamp's reads join, each by its key; the accounts' rows
-- are written when an account is. Room is left on each page so that a move can stay on its
-- page (a HOT update) and the page be pruned as it is read. SQLite writes rows in place and
-- keeps the column.
CREATE TABLE account_versions (
	account_id       BIGINT PRIMARY KEY REFERENCES accounts (id),
	port_ins_version BIGINT NOT NULL DEFAULT 0
) WITH (fillfactor = 50);
INSERT INTO account_versions (account_id, port_ins_version) SELECT id, port_ins_version FROM accounts;
CREATE FUNCTION accounts_versioned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO account_versions (account_id) VALUES (NEW.id);
	RETURN NULL;
END $$;
CREATE TRIGGER accounts_versioned AFTER INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION accounts_versioned();
CREATE OR REPLACE FUNCTION relist_account(account BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	done TEXT := COALESCE(current_setting('portdesk.relisted', true), '');
	mark TEXT := ',' || account || ',';
BEGIN
	IF position(mark IN done) > 0 THEN
		RETURN;
	END IF;
	UPDATE account_versions SET port_ins_version = port_ins_version + 1 WHERE account_id = account;
	PERFORM set_config('portdesk.relisted', done || mark, true);
END $$;
CREATE OR REPLACE FUNCTION relist_every_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF COALESCE(current_setting('portdesk.relisted_every', true), '') <> 'yes' THEN
		UPDATE account_versions SET port_ins_version = port_ins_version + 1;
		PERFORM set_config('portdesk.relisted_every', 'yes', true);
	END IF;
	RETURN NULL;
END $$;
-- A new name or country, which a list shows, moves the version as before, now from after
-- the account's row is written.
DROP TRIGGER accounts_relist ON accounts;
DROP FUNCTION accounts_relist();
CREATE FUNCTION accounts_relist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM relist_account(NEW.id);
	RETURN NULL;
END $$;
CREATE TRIGGER accounts_relist AFTER UPDATE OF name, country ON accounts FOR EACH ROW
	WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.country IS DISTINCT FROM NEW.country)
	EXECUTE FUNCTION accounts_relist();
ALTER TABLE accounts DROP COLUMN port_ins_version;
-- Rewritten compact: a table of thousands of rows, locked for as long as that takes.
CLUSTER accounts USING accounts_pkey;
ANALYZE accounts, account_versions;
