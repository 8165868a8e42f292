-- What an editable request's plan reads beyond the request's own rows (#17), as versions,
-- so that a GET of a draft may be kept as a settled request's is (by its account's list
-- version) and sent again while none of them moves: the plan was worked out on every GET
-- of a draft, a sixth of what a settled request's GET could serve.
--
-- number_marks: a version per number, moved by every write to what the plan knows of the
-- number elsewhere: the inventory holding it or routing to it, and a carrier's answer for
-- it. A mark is never removed, so the sum of a request's marks rises with every such
-- change. Another request's hold on the number needs no mark: an editable request's
-- numbers (but those set aside, which the plan leaves out) are open, and an open number is
-- held by one request only (port_in_numbers_open).
CREATE TABLE number_marks (
	number  TEXT PRIMARY KEY,
	version BIGINT NOT NULL,
	xact    BIGINT NOT NULL -- the transaction that last moved it
);

-- mark_number moves a number's mark once a transaction: readers see only what commits, so
-- once is enough, and a row updated again and again in one transaction (the number 10,000
-- ported tracking numbers route to) leaves a version behind each time that the next must
-- step over: 50,000 numbers' activation took 45 s where it took 6.
CREATE FUNCTION mark_number(n TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF n <> '' THEN
		INSERT INTO number_marks (number, version, xact) VALUES (n, 1, txid_current())
			ON CONFLICT (number) DO UPDATE SET version = number_marks.version + 1, xact = excluded.xact
			WHERE number_marks.xact <> excluded.xact;
	END IF;
END $$;
CREATE FUNCTION inventory_numbers_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'DELETE' THEN
		PERFORM mark_number(NEW.number);
		PERFORM mark_number(NEW.receiving_number);
	END IF;
	IF TG_OP <> 'INSERT' THEN
		PERFORM mark_number(OLD.number);
		PERFORM mark_number(OLD.receiving_number);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER inventory_numbers_marked AFTER INSERT OR DELETE ON inventory_numbers
	FOR EACH ROW EXECUTE FUNCTION inventory_numbers_mark();
-- SMS being turned on (a job, for thousands of numbers) is not what a plan reads.
CREATE TRIGGER inventory_numbers_remarked AFTER UPDATE ON inventory_numbers
	FOR EACH ROW WHEN ((OLD.account_id, OLD.number, OLD.status, OLD.receiving_number)
		IS DISTINCT FROM (NEW.account_id, NEW.number, NEW.status, NEW.receiving_number))
	EXECUTE FUNCTION inventory_numbers_mark();
CREATE FUNCTION carrier_number_facts_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'DELETE' THEN
		PERFORM mark_number(NEW.number);
	END IF;
	IF TG_OP <> 'INSERT' THEN
		PERFORM mark_number(OLD.number);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER carrier_number_facts_marked AFTER INSERT OR UPDATE OR DELETE ON carrier_number_facts
	FOR EACH ROW EXECUTE FUNCTION carrier_number_facts_mark();
INSERT INTO number_marks (number, version, xact)
	SELECT number, 1, 0 FROM inventory_numbers
	UNION SELECT receiving_number, 1, 0 FROM inventory_numbers WHERE receiving_number <> ''
	UNION SELECT number, 1, 0 FROM carrier_number_facts;

-- plan_rules_version: moved by every change to what every plan reads, rarely changed: the
-- porting agreements, the carriers and the price table.
CREATE TABLE plan_rules_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version BIGINT NOT NULL
);
INSERT INTO plan_rules_version (id, version) VALUES (1, 1);
CREATE FUNCTION plan_rules_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE plan_rules_version SET version = version + 1 WHERE id = 1;
	RETURN NULL;
END $$;
CREATE TRIGGER porting_agreements_replan AFTER INSERT OR UPDATE OR DELETE ON porting_agreements
	FOR EACH STATEMENT EXECUTE FUNCTION plan_rules_changed();
CREATE TRIGGER carriers_replan AFTER INSERT OR UPDATE OR DELETE ON carriers
	FOR EACH STATEMENT EXECUTE FUNCTION plan_rules_changed();
CREATE TRIGGER price_table_added_replan AFTER INSERT ON settings
	FOR EACH ROW WHEN (NEW.key = 'price_table') EXECUTE FUNCTION plan_rules_changed();
CREATE TRIGGER price_table_changed_replan AFTER UPDATE ON settings
	FOR EACH ROW WHEN (NEW.key = 'price_table' OR OLD.key = 'price_table') EXECUTE FUNCTION plan_rules_changed();
CREATE TRIGGER price_table_removed_replan AFTER DELETE ON settings
	FOR EACH ROW WHEN (OLD.key = 'price_table') EXECUTE FUNCTION plan_rules_changed();
