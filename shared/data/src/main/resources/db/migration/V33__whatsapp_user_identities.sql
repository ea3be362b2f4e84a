-- WhatsApp users are known by an E.164 phone, a business-scoped user id (BSUID, Meta's `user_id`),
-- or both; a user with a username may withhold their phone. Meta's "Business-scoped user IDs":
-- a BSUID is the user's ISO 3166 alpha-2 country code, a period, and up to 128 alphanumerics
-- (US.13491208655302741918); a parent BSUID, shared by linked business portfolios, has ENT
-- between the two (US.ENT.11815799212886844830).
CREATE DOMAIN whatsapp_user_id AS text
    CHECK (VALUE ~ '^[A-Z]{2}\.[A-Za-z0-9]{1,128}$');
CREATE DOMAIN whatsapp_parent_user_id AS text
    CHECK (VALUE ~ '^[A-Z]{2}\.ENT\.[A-Za-z0-9]{1,128}$');

ALTER TABLE contacts
    ALTER COLUMN phone DROP NOT NULL,
    ADD COLUMN user_id        whatsapp_user_id,
    ADD COLUMN parent_user_id whatsapp_parent_user_id,
    -- The user's WhatsApp username as Meta last sent it: shown, searched, never an address.
    ADD COLUMN username       text CHECK (username <> '' AND length(username) <= 255),
    ADD CONSTRAINT contacts_identity_present CHECK (num_nonnulls(phone, user_id, parent_user_id) >= 1);
-- One live contact per identity, as for the phone (contacts_phone_live_key).
CREATE UNIQUE INDEX contacts_user_id_live_key ON contacts (user_id) WHERE deleted_at IS NULL AND user_id IS NOT NULL;
CREATE UNIQUE INDEX contacts_parent_user_id_live_key ON contacts (parent_user_id)
    WHERE deleted_at IS NULL AND parent_user_id IS NOT NULL;
-- A PUT on an identity with no live contact brings back its most recently deleted one (as V6 for phones).
CREATE INDEX contacts_user_id_deleted_idx ON contacts (user_id, deleted_at DESC) WHERE deleted_at IS NOT NULL AND user_id IS NOT NULL;

-- Name search must still find a contact without a phone (NULL || text is NULL), and finds the
-- words of usernames (maria.lopez, maria_lopez: the parser would keep either as one token).
DROP INDEX contacts_search_idx;
CREATE INDEX contacts_search_idx ON contacts
    USING gin (to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(phone, '') || ' '
                                     || translate(coalesce(username, ''), '._', '  ')))
    WHERE deleted_at IS NULL;

-- The other party of a message, by whichever identities Meta gave (or the send used).
ALTER TABLE messages
    ALTER COLUMN phone DROP NOT NULL,
    ADD COLUMN user_id        whatsapp_user_id,
    ADD COLUMN parent_user_id whatsapp_parent_user_id,
    ADD CONSTRAINT messages_identity_present CHECK (num_nonnulls(phone, user_id, parent_user_id) >= 1);
CREATE INDEX messages_user_id_created_at_idx ON messages (user_id, created_at DESC, id DESC) WHERE user_id IS NOT NULL;

-- The BSUID a status names (recipient_user_id), beside the phone it may name (recipient_id).
ALTER TABLE message_status_events
    ADD COLUMN recipient_user_id text;

-- Two contacts that turned out to be one user (a webhook brought a phone and a BSUID known on
-- different contacts): the merged one is soft-deleted with its row as it was kept here, its
-- counters added to the kept one.
CREATE TABLE contact_merges
(
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kept_contact_id   text        NOT NULL REFERENCES contacts (id),
    merged_contact_id text        NOT NULL REFERENCES contacts (id),
    -- The merged contact's row just before the merge.
    merged_contact    jsonb       NOT NULL CHECK (jsonb_typeof(merged_contact) = 'object'),
    -- The identities that showed the two are one: {"phone": ..., "user_id": ..., "parent_user_id": ...}.
    identities        jsonb       NOT NULL CHECK (jsonb_typeof(identities) = 'object'),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (kept_contact_id <> merged_contact_id)
);
CREATE INDEX contact_merges_kept_idx ON contact_merges (kept_contact_id);
CREATE INDEX contact_merges_merged_idx ON contact_merges (merged_contact_id);
CREATE TRIGGER contact_merges_updated_at BEFORE UPDATE ON contact_merges FOR EACH ROW EXECUTE FUNCTION set_updated_at();
