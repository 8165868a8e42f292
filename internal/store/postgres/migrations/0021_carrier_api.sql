-- Orders to carriers by API (#18): a carrier is reached by email or through a connector
-- (telnyx first), whose API key is sealed like a PIN.
ALTER TABLE carriers ADD COLUMN kind TEXT NOT NULL DEFAULT 'email';
ALTER TABLE carriers ADD COLUMN api_url TEXT NOT NULL DEFAULT '';
ALTER TABLE carriers ADD COLUMN webhook_key TEXT NOT NULL DEFAULT '';
ALTER TABLE carriers ADD COLUMN credentials_sealed BYTEA;
ALTER TABLE carriers ADD COLUMN auto_send BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE carriers ADD COLUMN credentials_set_at BIGINT;

-- Our request ↔ the carrier's orders: one row per part when the carrier splits it.
CREATE TABLE carrier_orders (
	id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	port_in_id   BIGINT NOT NULL REFERENCES port_ins (id) ON DELETE CASCADE,
	carrier_id   BIGINT NOT NULL,
	ref          TEXT NOT NULL,
	numbers      TEXT NOT NULL,
	status       TEXT NOT NULL,
	foc          BIGINT,
	exceptions   TEXT NOT NULL,
	submitted    BOOLEAN NOT NULL,
	comments     TEXT NOT NULL,
	next_poll_at BIGINT NOT NULL,
	polls        INTEGER NOT NULL,
	created_at   BIGINT NOT NULL,
	updated_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX carrier_orders_ref ON carrier_orders (carrier_id, ref);
CREATE INDEX carrier_orders_port_in ON carrier_orders (port_in_id, id);
CREATE INDEX carrier_orders_due ON carrier_orders (next_poll_at) WHERE status NOT IN ('ported', 'cancelled');

-- Every call made to a carrier for a request, for the team to read.
CREATE TABLE carrier_calls (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	port_in_id BIGINT NOT NULL REFERENCES port_ins (id) ON DELETE CASCADE,
	carrier_id BIGINT NOT NULL,
	operation  TEXT NOT NULL,
	request    TEXT NOT NULL,
	status     INTEGER NOT NULL,
	error      TEXT NOT NULL,
	at         BIGINT NOT NULL,
	took_us    BIGINT NOT NULL
);
CREATE INDEX carrier_calls_port_in ON carrier_calls (port_in_id, id);
