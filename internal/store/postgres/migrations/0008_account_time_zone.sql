-- The customer's time zone (#5): an IANA name the FOC is shown in to the account's users.
-- Empty: the country's porting zone (London; New York and Toronto for North America).
ALTER TABLE accounts ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
