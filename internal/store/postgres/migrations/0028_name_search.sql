-- A search by part of a name (#17) reads trigram indexes instead of walking every request:
-- pg_trgm's GIN operator class serves LIKE '%…%' on the lower-cased customer's name and
-- losing provider (three or more characters; shorter text walks the requests as before).
-- pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it. It is
-- put in public and named there, so a schema whose search_path lacks public still finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX port_ins_customer_name_trgm ON port_ins USING gin (LOWER(customer_name) public.gin_trgm_ops);
CREATE INDEX port_ins_losing_provider_trgm ON port_ins USING gin (LOWER(losing_provider) public.gin_trgm_ops);
