-- What an editable request's plan reads beyond the request's own rows moves its account's
-- list version (0030) instead of versions of its own (0036): a kept draft's GET was two
-- statements on PostgreSQL (the token or the stamp, then the plan's inputs), a settled
-- request's one; now both are one. The plan reads the inventory holding or routing to the
-- request's numbers and carriers' answers for them: a write to either moves the version of
-- the account of the open request holding the number, if any (an editable request's
-- numbers, but those set aside, which the plan leaves out, are open, and an open number is
-- held by one request only: port_in_numbers_open). The agreements, the carriers and the
-- price table, which every plan reads and an administrator rarely changes, move every
-- account's.
DROP TRIGGER inventory_numbers_marked ON inventory_numbers;
DROP TRIGGER inventory_numbers_remarked ON inventory_numbers;
DROP TRIGGER carrier_number_facts_marked ON carrier_number_facts;
DROP FUNCTION inventory_numbers_mark();
DROP FUNCTION carrier_number_facts_mark();
DROP FUNCTION mark_number(TEXT);
DROP TABLE number_marks;
DROP TRIGGER porting_agreements_replan ON porting_agreements;
DROP TRIGGER carriers_replan ON carriers;
DROP TRIGGER price_table_added_replan ON settings;
DROP TRIGGER price_table_changed_replan ON settings;
DROP TRIGGER price_table_removed_replan ON settings;
DROP FUNCTION plan_rules_changed();
DROP TABLE plan_rules_version;

-- relist_holder moves the version of the account whose open request holds the number.
CREATE FUNCTION relist_holder(n TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	account BIGINT;
BEGIN
	SELECT p.account_id INTO account FROM port_in_numbers x JOIN port_ins p ON p.id = x.port_in_id
		WHERE x.number = n AND x.open;
	IF FOUND THEN
		PERFORM relist_account(account);
	END IF;
END $$;

-- Deferred to the commit, as the requests' own are (0030): the holder's account row is
-- locked only while the transaction commits, and the holder is looked up as it commits
-- (a request that took or let go of the number in the same transaction moved its own).
CREATE FUNCTION inventory_numbers_relist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'DELETE' THEN
		PERFORM relist_holder(NEW.number);
		IF NEW.receiving_number <> '' THEN
			PERFORM relist_holder(NEW.receiving_number);
		END IF;
	END IF;
	IF TG_OP <> 'INSERT' THEN
		IF TG_OP = 'DELETE' OR OLD.number <> NEW.number THEN
			PERFORM relist_holder(OLD.number);
		END IF;
		IF OLD.receiving_number <> '' AND (TG_OP = 'DELETE' OR OLD.receiving_number <> NEW.receiving_number) THEN
			PERFORM relist_holder(OLD.receiving_number);
		END IF;
	END IF;
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER inventory_numbers_relist AFTER INSERT OR DELETE ON inventory_numbers
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION inventory_numbers_relist();
-- SMS being turned on (a job, for thousands of numbers) is not what a plan reads.
CREATE CONSTRAINT TRIGGER inventory_numbers_changed_relist AFTER UPDATE ON inventory_numbers
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN ((OLD.account_id, OLD.number, OLD.status, OLD.receiving_number)
		IS DISTINCT FROM (NEW.account_id, NEW.number, NEW.status, NEW.receiving_number))
	EXECUTE FUNCTION inventory_numbers_relist();

CREATE FUNCTION carrier_number_facts_relist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'DELETE' THEN
		PERFORM relist_holder(NEW.number);
	END IF;
	IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.number <> NEW.number) THEN
		PERFORM relist_holder(OLD.number);
	END IF;
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER carrier_number_facts_relist AFTER INSERT OR UPDATE OR DELETE ON carrier_number_facts
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION carrier_number_facts_relist();

-- relist_every_account moves every account's version once a transaction, however many
-- agreements, carriers or settings it wrote.
CREATE FUNCTION relist_every_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF COALESCE(current_setting('portdesk.relisted_every', true), '') <> 'yes' THEN
		UPDATE accounts SET port_ins_version = port_ins_version + 1;
		PERFORM set_config('portdesk.relisted_every', 'yes', true);
	END IF;
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER porting_agreements_relist AFTER INSERT OR UPDATE OR DELETE ON porting_agreements
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION relist_every_account();
CREATE CONSTRAINT TRIGGER carriers_relist AFTER INSERT OR UPDATE OR DELETE ON carriers
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION relist_every_account();
CREATE CONSTRAINT TRIGGER price_table_added_relist AFTER INSERT ON settings
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.key = 'price_table') EXECUTE FUNCTION relist_every_account();
CREATE CONSTRAINT TRIGGER price_table_changed_relist AFTER UPDATE ON settings
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.key = 'price_table' OR OLD.key = 'price_table')
	EXECUTE FUNCTION relist_every_account();
CREATE CONSTRAINT TRIGGER price_table_removed_relist AFTER DELETE ON settings
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.key = 'price_table') EXECUTE FUNCTION relist_every_account();
