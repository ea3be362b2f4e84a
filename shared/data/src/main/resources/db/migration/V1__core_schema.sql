-- The core of the product: contacts, messages and their status history, templates, API keys.
-- Every table has created_at/updated_at (timestamptz); updated_at is kept by a trigger.

-- Moves updated_at on every UPDATE that does not set it itself. An UPDATE that sets it on
-- purpose (the SQLite import keeps the legacy value) wins.
CREATE FUNCTION set_updated_at() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := clock_timestamp();
    END IF;
    RETURN NEW;
END
$$;

-- E.164: '+', a non-zero country code digit, at most 15 digits in all.
CREATE DOMAIN e164_phone AS text
    CHECK (VALUE ~ '^\+[1-9][0-9]{6,14}$');

CREATE TABLE contacts
(
    id                  text PRIMARY KEY CHECK (id <> ''),
    phone               e164_phone  NOT NULL,
    name                text,
    profile_picture_url text,
    last_message_at     timestamptz,
    message_count       integer     NOT NULL DEFAULT 0 CHECK (message_count >= 0),
    unread_count        integer     NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
    is_blocked          boolean     NOT NULL DEFAULT false,
    metadata            jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    deleted_at          timestamptz
);
-- One live contact per number; a soft-deleted one frees its number.
CREATE UNIQUE INDEX contacts_phone_live_key ON contacts (phone) WHERE deleted_at IS NULL;
CREATE INDEX contacts_last_message_at_idx ON contacts (last_message_at DESC NULLS LAST, id DESC) WHERE deleted_at IS NULL;
-- 'simple' keeps every language's words as written (no English stemming).
CREATE INDEX contacts_search_idx ON contacts
    USING gin (to_tsvector('simple', coalesce(name, '') || ' ' || phone)) WHERE deleted_at IS NULL;
CREATE TRIGGER contacts_updated_at BEFORE UPDATE ON contacts FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE messages
(
    id                  text PRIMARY KEY CHECK (id <> ''),
    phone               e164_phone  NOT NULL,
    direction           text        NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    type                text        NOT NULL CHECK (type IN ('text', 'template', 'image', 'document', 'audio', 'video',
                                                             'sticker', 'location', 'contacts', 'interactive', 'button',
                                                             'reaction', 'order', 'system', 'unsupported')),
    content             text,
    media_url           text,
    caption             text,
    -- accepted: written before the Graph API call; received: inbound.
    status              text        NOT NULL CHECK (status IN ('accepted', 'received', 'sent', 'delivered', 'read', 'failed')),
    whatsapp_message_id varchar(128) CHECK (whatsapp_message_id <> ''),
    error_code          text,
    error_message       text,
    phone_number_id     text,
    metadata            jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX messages_whatsapp_message_id_key ON messages (whatsapp_message_id) WHERE whatsapp_message_id IS NOT NULL;
CREATE INDEX messages_phone_created_at_idx ON messages (phone, created_at DESC, id DESC);
CREATE INDEX messages_created_at_idx ON messages (created_at DESC, id DESC);
CREATE INDEX messages_status_idx ON messages (status, created_at DESC);
CREATE INDEX messages_content_search_idx ON messages USING gin (to_tsvector('simple', coalesce(content, '') || ' ' || coalesce(caption, '')));
CREATE TRIGGER messages_updated_at BEFORE UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Every status Meta reported, once per (wamid, status, timestamp). message_id is NULL while the
-- message is not known yet (a status can arrive before the send has stored its wamid).
CREATE TABLE message_status_events
(
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    whatsapp_message_id varchar(128) NOT NULL CHECK (whatsapp_message_id <> ''),
    message_id          text REFERENCES messages (id) ON DELETE CASCADE,
    status              text         NOT NULL CHECK (status ~ '^[a-z_]+$'),
    occurred_at         timestamptz  NOT NULL,
    recipient_id        text,
    errors              jsonb CHECK (errors IS NULL OR jsonb_typeof(errors) = 'array'),
    payload             jsonb        NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(payload) = 'object'),
    applied_at          timestamptz,
    created_at          timestamptz  NOT NULL DEFAULT now(),
    updated_at          timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT message_status_events_once UNIQUE (whatsapp_message_id, status, occurred_at)
);
CREATE INDEX message_status_events_message_idx ON message_status_events (message_id, occurred_at);
CREATE INDEX message_status_events_unapplied_idx ON message_status_events (whatsapp_message_id) WHERE applied_at IS NULL;
CREATE TRIGGER message_status_events_updated_at BEFORE UPDATE ON message_status_events FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE templates
(
    id                   text PRIMARY KEY CHECK (id <> ''),
    name                 varchar(512) NOT NULL CHECK (name <> ''),
    language             varchar(15)  NOT NULL CHECK (language ~ '^[a-z]{2,3}(_[A-Za-z0-9]{2,8})?$'),
    category             text         NOT NULL CHECK (category IN ('MARKETING', 'UTILITY', 'AUTHENTICATION')),
    status               text         NOT NULL CHECK (status IN ('APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED',
                                                                 'IN_APPEAL', 'PENDING_DELETION', 'DELETED', 'LIMIT_EXCEEDED')),
    content              text,
    components           jsonb        NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(components) = 'array'),
    parameters           jsonb        NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(parameters) = 'array'),
    body_parameter_count integer      NOT NULL DEFAULT 0 CHECK (body_parameter_count >= 0),
    whatsapp_template_id text,
    metadata             jsonb        NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at           timestamptz  NOT NULL DEFAULT now(),
    updated_at           timestamptz  NOT NULL DEFAULT now(),
    deleted_at           timestamptz
);
CREATE UNIQUE INDEX templates_name_language_live_key ON templates (name, language) WHERE deleted_at IS NULL;
-- Listing order: byte order of the name, so pages are the same whatever the server's collation.
CREATE INDEX templates_listing_idx ON templates (name COLLATE "C", id) WHERE deleted_at IS NULL;
CREATE INDEX templates_status_idx ON templates (status) WHERE deleted_at IS NULL;
CREATE INDEX templates_category_idx ON templates (category) WHERE deleted_at IS NULL;
CREATE TRIGGER templates_updated_at BEFORE UPDATE ON templates FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE api_keys
(
    id             text PRIMARY KEY CHECK (id <> ''),
    key_hash       text        NOT NULL CHECK (key_hash <> ''),
    -- sha256: keys made here (one indexed lookup); bcrypt: imported legacy keys, upgraded on first use.
    hash_algorithm text        NOT NULL DEFAULT 'sha256' CHECK (hash_algorithm IN ('sha256', 'bcrypt')),
    name           text        NOT NULL CHECK (name <> ''),
    permissions    jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(permissions) = 'array'),
    rate_limit     integer     NOT NULL DEFAULT 1000 CHECK (rate_limit > 0),
    last_used_at   timestamptz,
    expires_at     timestamptz,
    metadata       jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at     timestamptz
);
CREATE UNIQUE INDEX api_keys_key_hash_live_key ON api_keys (key_hash) WHERE deleted_at IS NULL;
CREATE INDEX api_keys_legacy_idx ON api_keys (id) WHERE hash_algorithm = 'bcrypt' AND deleted_at IS NULL;
CREATE TRIGGER api_keys_updated_at BEFORE UPDATE ON api_keys FOR EACH ROW EXECUTE FUNCTION set_updated_at();
