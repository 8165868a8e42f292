-- A second connector (#18, Bandwidth): a carrier that keeps several accounts names where the
-- numbers go (account, site or sub-account, SIP peer), and the secret half of its webhooks'
-- check (Bandwidth: the callbacks' password) is sealed like the API key.
ALTER TABLE carriers ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
ALTER TABLE carriers ADD COLUMN site_id TEXT NOT NULL DEFAULT '';
ALTER TABLE carriers ADD COLUMN peer_id TEXT NOT NULL DEFAULT '';
ALTER TABLE carriers ADD COLUMN webhook_secret_sealed BLOB;
ALTER TABLE carriers ADD COLUMN webhook_secret_set_at INTEGER;
