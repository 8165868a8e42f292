-- A carrier's answers about US and Canadian numbers (#18): who holds each now and whether it
-- can port, kept a day so that checking a number again does not ask the carrier again.
CREATE TABLE carrier_number_facts (
	number              TEXT PRIMARY KEY,
	carrier_id          BIGINT NOT NULL,
	carrier_name        TEXT NOT NULL,
	losing_carrier      TEXT NOT NULL,
	losing_carrier_type TEXT NOT NULL,
	portable            BOOLEAN NOT NULL,
	fast_portable       BOOLEAN NOT NULL,
	not_portable_reason TEXT NOT NULL,
	error               TEXT NOT NULL,
	asked_at            BIGINT NOT NULL
);

-- The FOC windows a carrier allows an order in, as read when it was submitted (JSON).
ALTER TABLE carrier_orders ADD COLUMN foc_windows TEXT NOT NULL DEFAULT '[]';
