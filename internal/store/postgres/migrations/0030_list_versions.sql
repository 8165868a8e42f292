-- An account's list version (#17): bumped, in the same transaction, by every write to one
-- of its port-in requests (their numbers and notes included, through the counts their
-- triggers keep on the request) and by a new name or country, which a list shows. A
-- customer's list page is then cached by the versions of the accounts it covers: an API
-- client polling an unchanged list costs a read of its token and nothing else. Triggers,
-- not the code, keep it, so that no way of writing a request (a change, an upload, a job,
-- a seed) can leave a cached page stale.
ALTER TABLE accounts ADD COLUMN port_ins_version BIGINT NOT NULL DEFAULT 0;

-- Deferred to the commit: the account's row is then locked only while the transaction
-- commits, not from its first change to its end. Moved at once, a transaction changing a
-- request and then another request of the same account could deadlock with one that got the
-- account's row first; and the seed's two writers, each a batch across many accounts,
-- deadlocked at once (TestSeed). Row-level (constraint triggers are): an upload's numbers
-- still move their request once a statement, by the count their own trigger keeps on it.
CREATE FUNCTION port_ins_relist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		PERFORM relist_account(OLD.account_id);
	END IF;
	IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.account_id <> OLD.account_id) THEN
		PERFORM relist_account(NEW.account_id);
	END IF;
	RETURN NULL;
END $$;

-- relist_account moves an account's version once a transaction, however many of its
-- requests' rows the transaction wrote (a change, its numbers' count, its notes' count: three
-- each; a seed's batch, hundreds): each move leaves a dead row version of the account, which
-- every token's read joins. What the transaction has moved is kept in a setting local to it,
-- undone with it or with a savepoint rolled back.
CREATE FUNCTION relist_account(account BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	done TEXT := COALESCE(current_setting('portdesk.relisted', true), '');
	mark TEXT := ',' || account || ',';
BEGIN
	IF position(mark IN done) > 0 THEN
		RETURN;
	END IF;
	UPDATE accounts SET port_ins_version = port_ins_version + 1 WHERE id = account;
	PERFORM set_config('portdesk.relisted', done || mark, true);
END $$;

CREATE CONSTRAINT TRIGGER port_ins_relist AFTER INSERT OR UPDATE OR DELETE ON port_ins
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION port_ins_relist();

CREATE FUNCTION accounts_relist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.port_ins_version := OLD.port_ins_version + 1;
	RETURN NEW;
END $$;
CREATE TRIGGER accounts_relist BEFORE UPDATE OF name, country ON accounts FOR EACH ROW
	WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.country IS DISTINCT FROM NEW.country)
	EXECUTE FUNCTION accounts_relist();
