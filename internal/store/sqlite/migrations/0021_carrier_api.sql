-- Orders to carriers by API (#18): a carrier is reached by email or through a connector
-- (telnyx first), whose API key is sealed like a PIN.
ALTER TABLE carriers ADD COLUMN kind TEXT NOT NULL DEFAULT 'email';
ALTER TABLE carriers ADD COLUMN api_url TEXT NOT NULL DEFAULT '';
ALTER TABLE carriers ADD COLUMN webhook_key TEXT NOT NULL DEFAULT '';
ALTER TABLE carriers ADD COLUMN credentials_sealed BLOB;
ALTER TABLE carriers ADD COLUMN auto_send BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE carriers ADD COLUMN credentials_set_at INTEGER;

-- Our request ↔ the carrier's orders: one row per part when the carrier splits it.
CREATE TABLE carrier_orders (
	id           INTEGER PRIMARY KEY,
	port_in_id   INTEGER NOT NULL REFERENCES port_ins (id) ON DELETE CASCADE,
	carrier_id   INTEGER NOT NULL,
	ref          TEXT NOT NULL,
	numbers      TEXT NOT NULL,
	status       TEXT NOT NULL,
	foc          INTEGER,
	exceptions   TEXT NOT NULL,
	submitted    BOOLEAN NOT NULL,
	comments     TEXT NOT NULL,
	next_poll_at INTEGER NOT NULL,
	polls        INTEGER NOT NULL,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX carrier_orders_ref ON carrier_orders (carrier_id, ref);
CREATE INDEX carrier_orders_port_in ON carrier_orders (port_in_id, id);
CREATE INDEX carrier_orders_due ON carrier_orders (next_poll_at) WHERE status NOT IN ('ported', 'cancelled');

-- Every call made to a carrier for a request, for the team to read.
CREATE TABLE carrier_calls (
	id         INTEGER PRIMARY KEY,
	port_in_id INTEGER NOT NULL REFERENCES port_ins (id) ON DELETE CASCADE,
	carrier_id INTEGER NOT NULL,
	operation  TEXT NOT NULL,
	request    TEXT NOT NULL,
	status     INTEGER NOT NULL,
	error      TEXT NOT NULL,
	at         INTEGER NOT NULL,
	took_us    INTEGER NOT NULL
);
CREATE INDEX carrier_calls_port_in ON carrier_calls (port_in_id, id);
