-- lower() now folds every letter, not the ASCII ones alone (the store's driver: fold.go), so
-- what was computed with SQLite's own is computed again: the indexes on lower(...) and the
-- names kept lower-cased. The unique indexes are dropped before anything is written (a row
-- written under an index of the old keys would not find its entry), and two accounts or
-- carriers whose names differ only in the case of a letter beyond ASCII, which the old
-- lower() let in, would collide in the new ones: the later keeps its name with its ID after
-- it. lower(name || '') reads no index.
DROP INDEX accounts_parent_name;
DROP INDEX carriers_name;
DROP INDEX port_ins_customer_name_lower;
DROP INDEX port_ins_losing_provider_lower;
UPDATE accounts SET name = name || ' (' || id || ')' WHERE EXISTS (SELECT 1 FROM accounts o
	WHERE COALESCE(o.parent_id, 0) = COALESCE(accounts.parent_id, 0) AND lower(o.name || '') = lower(accounts.name || '') AND o.id < accounts.id);
UPDATE carriers SET name = name || ' (' || id || ')' WHERE EXISTS (SELECT 1 FROM carriers o
	WHERE lower(o.name || '') = lower(carriers.name || '') AND o.id < carriers.id);
CREATE UNIQUE INDEX accounts_parent_name ON accounts (COALESCE(parent_id, 0), lower(name));
CREATE UNIQUE INDEX carriers_name ON carriers (lower(name));
CREATE INDEX port_ins_customer_name_lower ON port_ins (LOWER(customer_name), id);
CREATE INDEX port_ins_losing_provider_lower ON port_ins (LOWER(losing_provider), id);
DELETE FROM port_in_names;
INSERT OR IGNORE INTO port_in_names (field, name) SELECT 'customer', LOWER(customer_name) FROM port_ins;
INSERT OR IGNORE INTO port_in_names (field, name) SELECT 'provider', LOWER(losing_provider) FROM port_ins;
