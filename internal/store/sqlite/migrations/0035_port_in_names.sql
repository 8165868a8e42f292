-- A search by part of a name (#17) looks among the names first, then reads the requests
-- that bear them. port_in_names holds each customer's name and losing provider as any
-- request bore it, lower-cased, once: a thousand customers with a thousand requests each
-- give a thousand names to look through, not a million requests to walk. A name no request
-- bears any more stays (it finds nothing); triggers add each new one in the write's
-- transaction. The two indexes read the requests that bear a name.
-- name has no type, so no affinity, as LOWER(customer_name) in the indexes has none: a
-- request's name IN a TEXT column's names is compared with TEXT affinity, which an index
-- of an expression cannot serve, and SQLite scanned the whole index for it.
CREATE TABLE port_in_names (
	field TEXT NOT NULL, -- customer or provider
	name  NOT NULL,
	PRIMARY KEY (field, name)
) WITHOUT ROWID;
INSERT OR IGNORE INTO port_in_names (field, name) SELECT 'customer', LOWER(customer_name) FROM port_ins;
INSERT OR IGNORE INTO port_in_names (field, name) SELECT 'provider', LOWER(losing_provider) FROM port_ins;

CREATE TRIGGER port_in_names_added AFTER INSERT ON port_ins BEGIN
	INSERT OR IGNORE INTO port_in_names (field, name)
		VALUES ('customer', LOWER(NEW.customer_name)), ('provider', LOWER(NEW.losing_provider));
END;
CREATE TRIGGER port_in_names_changed AFTER UPDATE OF customer_name, losing_provider ON port_ins
	WHEN LOWER(NEW.customer_name) IS NOT LOWER(OLD.customer_name) OR LOWER(NEW.losing_provider) IS NOT LOWER(OLD.losing_provider)
BEGIN
	INSERT OR IGNORE INTO port_in_names (field, name)
		VALUES ('customer', LOWER(NEW.customer_name)), ('provider', LOWER(NEW.losing_provider));
END;

CREATE INDEX port_ins_customer_name_lower ON port_ins (LOWER(customer_name), id);
CREATE INDEX port_ins_losing_provider_lower ON port_ins (LOWER(losing_provider), id);
