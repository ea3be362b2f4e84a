-- A PUT on a phone with no live contact first looks for its most recently deleted one to bring
-- back; without this index that look-up reads every contact.
CREATE INDEX contacts_phone_deleted_idx ON contacts (phone, deleted_at DESC) WHERE deleted_at IS NOT NULL;
