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
	version INTEGER NOT NULL
) WITHOUT ROWID;

-- One simple statement a number: a trigger's compound SELECT (a UNION to mark each number
-- once) made 50,000 numbers' activation three times slower, 2 s to 5.8 s; these add 40-70%.
-- A number marked twice by one write is marked twice: marks need only rise.
CREATE TRIGGER inventory_numbers_marked AFTER INSERT ON inventory_numbers BEGIN
	INSERT INTO number_marks (number, version) VALUES (NEW.number, 1)
		ON CONFLICT (number) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER inventory_numbers_routing_marked AFTER INSERT ON inventory_numbers WHEN NEW.receiving_number <> '' BEGIN
	INSERT INTO number_marks (number, version) VALUES (NEW.receiving_number, 1)
		ON CONFLICT (number) DO UPDATE SET version = version + 1;
END;
-- SMS being turned on (a job, for thousands of numbers) is not what a plan reads.
CREATE TRIGGER inventory_numbers_remarked AFTER UPDATE OF account_id, number, status, receiving_number ON inventory_numbers
	WHEN OLD.account_id IS NOT NEW.account_id OR OLD.number IS NOT NEW.number OR OLD.status IS NOT NEW.status
		OR OLD.receiving_number IS NOT NEW.receiving_number
BEGIN
	INSERT INTO number_marks (number, version) VALUES (NEW.number, 1)
		ON CONFLICT (number) DO UPDATE SET version = version + 1;
	INSERT INTO number_marks (number, version) SELECT OLD.number, 1 WHERE OLD.number <> NEW.number
		ON CONFLICT (number) DO UPDATE SET version = version + 1;
	INSERT INTO number_marks (number, version) SELECT NEW.receiving_number, 1 WHERE NEW.receiving_number <> ''
		ON CONFLICT (number) DO UPDATE SET version = version + 1;
	INSERT INTO number_marks (number, version) SELECT OLD.receiving_number, 1 WHERE OLD.receiving_number NOT IN ('', NEW.receiving_number)
		ON CONFLICT (number) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER inventory_numbers_unmarked AFTER DELETE ON inventory_numbers BEGIN
	INSERT INTO number_marks (number, version) VALUES (OLD.number, 1)
		ON CONFLICT (number) DO UPDATE SET version = version + 1;
	INSERT INTO number_marks (number, version) SELECT OLD.receiving_number, 1 WHERE OLD.receiving_number <> ''
		ON CONFLICT (number) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER carrier_number_facts_marked AFTER INSERT ON carrier_number_facts BEGIN
	INSERT INTO number_marks (number, version) VALUES (NEW.number, 1)
		ON CONFLICT (number) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER carrier_number_facts_remarked AFTER UPDATE ON carrier_number_facts BEGIN
	INSERT INTO number_marks (number, version) VALUES (NEW.number, 1)
		ON CONFLICT (number) DO UPDATE SET version = version + 1;
	INSERT INTO number_marks (number, version) SELECT OLD.number, 1 WHERE OLD.number <> NEW.number
		ON CONFLICT (number) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER carrier_number_facts_unmarked AFTER DELETE ON carrier_number_facts BEGIN
	INSERT INTO number_marks (number, version) VALUES (OLD.number, 1)
		ON CONFLICT (number) DO UPDATE SET version = version + 1;
END;
INSERT INTO number_marks (number, version)
	SELECT number, 1 FROM inventory_numbers
	UNION SELECT receiving_number, 1 FROM inventory_numbers WHERE receiving_number <> ''
	UNION SELECT number, 1 FROM carrier_number_facts;

-- plan_rules_version: moved by every change to what every plan reads, rarely changed: the
-- porting agreements, the carriers and the price table.
CREATE TABLE plan_rules_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);
INSERT INTO plan_rules_version (id, version) VALUES (1, 1);
CREATE TRIGGER porting_agreements_added_replan AFTER INSERT ON porting_agreements BEGIN
	UPDATE plan_rules_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER porting_agreements_changed_replan AFTER UPDATE ON porting_agreements BEGIN
	UPDATE plan_rules_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER porting_agreements_removed_replan AFTER DELETE ON porting_agreements BEGIN
	UPDATE plan_rules_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER carriers_added_replan AFTER INSERT ON carriers BEGIN
	UPDATE plan_rules_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER carriers_changed_replan AFTER UPDATE ON carriers BEGIN
	UPDATE plan_rules_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER carriers_removed_replan AFTER DELETE ON carriers BEGIN
	UPDATE plan_rules_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER price_table_added_replan AFTER INSERT ON settings WHEN NEW.key = 'price_table' BEGIN
	UPDATE plan_rules_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER price_table_changed_replan AFTER UPDATE ON settings WHEN NEW.key = 'price_table' OR OLD.key = 'price_table' BEGIN
	UPDATE plan_rules_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER price_table_removed_replan AFTER DELETE ON settings WHEN OLD.key = 'price_table' BEGIN
	UPDATE plan_rules_version SET version = version + 1 WHERE id = 1;
END;
