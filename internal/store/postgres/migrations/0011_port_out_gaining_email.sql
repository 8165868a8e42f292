-- Where the desk sends its answer to a port-out: the gaining provider's porting address.
ALTER TABLE port_outs ADD COLUMN gaining_email TEXT NOT NULL DEFAULT '';
