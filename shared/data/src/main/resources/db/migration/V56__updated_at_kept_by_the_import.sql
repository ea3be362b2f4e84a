-- The import sets contacts.last_inbound_at after each run (db-migrate's ContactWindows) and must not move their
-- updated_at: the import's row hashes cover it, and a moved one makes the next delta see the contact as changed in
-- the target. Disabling the trigger (as V46 did) takes an exclusive lock on the table, which an online delta must
-- not take while webhooks write contacts; a transaction-local setting says so instead, for that transaction only.
CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at
        AND current_setting('wa_gateway.keep_updated_at', true) IS DISTINCT FROM 'on' THEN
        NEW.updated_at := clock_timestamp();
    END IF;
    RETURN NEW;
END
$$;
