-- A search by part of a name (#17) looks among the names first, then reads the requests
-- that bear them. port_in_names holds each customer's name and losing provider as any
-- request bore it, lower-cased, once: a thousand customers with a thousand requests each
-- give a thousand names to look through, not a million requests. The trigram indexes of
-- migration 0028 found the requests themselves, and with names that repeat every trigram
-- is common: a whole name's search read 0.16–1 s in the server at a million requests. A
-- name no request bears any more stays (it finds nothing); a trigger adds each new one in
-- the write's transaction, and one already there is not locked, so writers do not queue on
-- a common name. The two btree indexes read the requests that bear a name.
CREATE TABLE port_in_names (
	field TEXT NOT NULL, -- customer or provider
	name  TEXT NOT NULL,
	PRIMARY KEY (field, name)
);
INSERT INTO port_in_names (field, name)
	SELECT 'customer', LOWER(customer_name) FROM port_ins
	UNION SELECT 'provider', LOWER(losing_provider) FROM port_ins;
CREATE INDEX port_in_names_trgm ON port_in_names USING gin (name public.gin_trgm_ops);

CREATE FUNCTION port_in_names_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO port_in_names (field, name)
		VALUES ('customer', LOWER(NEW.customer_name)), ('provider', LOWER(NEW.losing_provider))
		ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
CREATE TRIGGER port_in_names_added AFTER INSERT ON port_ins
	FOR EACH ROW EXECUTE FUNCTION port_in_names_add();
CREATE TRIGGER port_in_names_changed AFTER UPDATE OF customer_name, losing_provider ON port_ins
	FOR EACH ROW WHEN (LOWER(NEW.customer_name) IS DISTINCT FROM LOWER(OLD.customer_name)
		OR LOWER(NEW.losing_provider) IS DISTINCT FROM LOWER(OLD.losing_provider))
	EXECUTE FUNCTION port_in_names_add();

CREATE INDEX port_ins_customer_name_lower ON port_ins (LOWER(customer_name), id);
CREATE INDEX port_ins_losing_provider_lower ON port_ins (LOWER(losing_provider), id);
DROP INDEX port_ins_customer_name_trgm;
DROP INDEX port_ins_losing_provider_trgm;
