-- What an editable request's plan reads beyond the request's own rows moves its account's
-- list version (0030) instead of versions of its own (0036): a kept draft's GET read its
-- plan's inputs in a statement of their own, a settled request's none. The plan reads the
-- inventory holding or routing to the request's numbers and carriers' answers for them: a
-- write to either moves the version of the account of the open request holding the number,
-- if any (an editable request's numbers, but those set aside, which the plan leaves out,
-- are open, and an open number is held by one request only: port_in_numbers_open). The
-- agreements, the carriers and the price table, which every plan reads and an
-- administrator rarely changes, move every account's.
DROP TRIGGER inventory_numbers_marked;
DROP TRIGGER inventory_numbers_routing_marked;
DROP TRIGGER inventory_numbers_remarked;
DROP TRIGGER inventory_numbers_unmarked;
DROP TRIGGER carrier_number_facts_marked;
DROP TRIGGER carrier_number_facts_remarked;
DROP TRIGGER carrier_number_facts_unmarked;
DROP TABLE number_marks;
DROP TRIGGER porting_agreements_added_replan;
DROP TRIGGER porting_agreements_changed_replan;
DROP TRIGGER porting_agreements_removed_replan;
DROP TRIGGER carriers_added_replan;
DROP TRIGGER carriers_changed_replan;
DROP TRIGGER carriers_removed_replan;
DROP TRIGGER price_table_added_replan;
DROP TRIGGER price_table_changed_replan;
DROP TRIGGER price_table_removed_replan;
DROP TABLE plan_rules_version;

-- One plain statement a number, each a probe of the open numbers' index that mostly finds
-- none: a trigger's compound SELECT made 50,000 numbers' activation three times slower (0036).
CREATE TRIGGER inventory_numbers_relist AFTER INSERT ON inventory_numbers BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1 WHERE id = (SELECT p.account_id
		FROM port_in_numbers x JOIN port_ins p ON p.id = x.port_in_id WHERE x.number = NEW.number AND x.open = 1);
END;
CREATE TRIGGER inventory_numbers_routing_relist AFTER INSERT ON inventory_numbers WHEN NEW.receiving_number <> '' BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1 WHERE id = (SELECT p.account_id
		FROM port_in_numbers x JOIN port_ins p ON p.id = x.port_in_id WHERE x.number = NEW.receiving_number AND x.open = 1);
END;
-- SMS being turned on (a job, for thousands of numbers) is not what a plan reads.
CREATE TRIGGER inventory_numbers_changed_relist AFTER UPDATE OF account_id, number, status, receiving_number ON inventory_numbers
	WHEN OLD.account_id IS NOT NEW.account_id OR OLD.number IS NOT NEW.number OR OLD.status IS NOT NEW.status
		OR OLD.receiving_number IS NOT NEW.receiving_number
BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1 WHERE id IN (SELECT p.account_id
		FROM port_in_numbers x JOIN port_ins p ON p.id = x.port_in_id
		WHERE x.number IN (NEW.number, OLD.number, NEW.receiving_number, OLD.receiving_number) AND x.open = 1);
END;
CREATE TRIGGER inventory_numbers_removed_relist AFTER DELETE ON inventory_numbers BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1 WHERE id IN (SELECT p.account_id
		FROM port_in_numbers x JOIN port_ins p ON p.id = x.port_in_id
		WHERE x.number IN (OLD.number, OLD.receiving_number) AND x.open = 1);
END;
CREATE TRIGGER carrier_number_facts_relist AFTER INSERT ON carrier_number_facts BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1 WHERE id = (SELECT p.account_id
		FROM port_in_numbers x JOIN port_ins p ON p.id = x.port_in_id WHERE x.number = NEW.number AND x.open = 1);
END;
CREATE TRIGGER carrier_number_facts_changed_relist AFTER UPDATE ON carrier_number_facts BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1 WHERE id IN (SELECT p.account_id
		FROM port_in_numbers x JOIN port_ins p ON p.id = x.port_in_id WHERE x.number IN (NEW.number, OLD.number) AND x.open = 1);
END;
CREATE TRIGGER carrier_number_facts_removed_relist AFTER DELETE ON carrier_number_facts BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1 WHERE id = (SELECT p.account_id
		FROM port_in_numbers x JOIN port_ins p ON p.id = x.port_in_id WHERE x.number = OLD.number AND x.open = 1);
END;

CREATE TRIGGER porting_agreements_added_relist AFTER INSERT ON porting_agreements BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1;
END;
CREATE TRIGGER porting_agreements_changed_relist AFTER UPDATE ON porting_agreements BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1;
END;
CREATE TRIGGER porting_agreements_removed_relist AFTER DELETE ON porting_agreements BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1;
END;
CREATE TRIGGER carriers_added_relist AFTER INSERT ON carriers BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1;
END;
CREATE TRIGGER carriers_changed_relist AFTER UPDATE ON carriers BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1;
END;
CREATE TRIGGER carriers_removed_relist AFTER DELETE ON carriers BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1;
END;
CREATE TRIGGER price_table_added_relist AFTER INSERT ON settings WHEN NEW.key = 'price_table' BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1;
END;
CREATE TRIGGER price_table_changed_relist AFTER UPDATE ON settings WHEN NEW.key = 'price_table' OR OLD.key = 'price_table' BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1;
END;
CREATE TRIGGER price_table_removed_relist AFTER DELETE ON settings WHEN OLD.key = 'price_table' BEGIN
	UPDATE accounts SET port_ins_version = port_ins_version + 1;
END;
