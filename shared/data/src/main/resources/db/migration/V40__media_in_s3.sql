-- Media kept in S3: every inbound message with media gets a row when it is stored (pending), which the
-- media job fills in (stored) or gives up on (failed); uploads through POST /v1/media and the legacy
-- gateway's rows (moved from `data` into S3 by the legacy media job) are served the same way.

ALTER TABLE media
    -- The id the API answers (`media_` and a ULID); a legacy row gets one when it is moved into S3.
    ADD COLUMN media_id             text UNIQUE CHECK (media_id ~ '^media_[0-9A-HJKMNP-TV-Z]{26}$'),
    -- Where the row came from; the import writes legacy rows and leaves it at its default.
    ADD COLUMN source               text        NOT NULL DEFAULT 'legacy' CHECK (source IN ('legacy', 'inbound', 'upload')),
    ADD COLUMN status               text        NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'stored', 'failed', 'deleted')),
    -- The object's key in the media bucket, once the bytes are there.
    ADD COLUMN object_key           text CHECK (object_key <> ''),
    ADD COLUMN phone_number_id      text,
    -- The sha256 Meta announced (webhook: base64; GET /{media-id}: hex), kept beside the one computed (sha256).
    ADD COLUMN announced_sha256     text,
    -- The media job's retries, apart from the message's dedupe: how many, the next, the last error.
    ADD COLUMN attempts             integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    ADD COLUMN next_attempt_at      timestamptz,
    ADD COLUMN error                text,
    ADD COLUMN stored_at            timestamptz,
    -- When Meta took our copy (POST /{phone-number-id}/media): Meta keeps it 30 days, then a send uploads again.
    ADD COLUMN whatsapp_uploaded_at timestamptz,
    ADD COLUMN deleted_at           timestamptz,
    ADD CONSTRAINT media_stored_has_object CHECK (status <> 'stored' OR object_key IS NOT NULL),
    ADD CONSTRAINT media_api_rows_have_ids CHECK (source = 'legacy' OR media_id IS NOT NULL);

-- One row per media object of an inbound message, however often Meta delivers it or the job runs.
CREATE UNIQUE INDEX media_inbound_once ON media (message_id, whatsapp_media_id) WHERE source = 'inbound';
-- The retry sweep's queue.
CREATE INDEX media_retry_due_idx ON media (next_attempt_at) WHERE status = 'pending' AND source = 'inbound';
-- The legacy media job's work list.
CREATE INDEX media_legacy_pending_idx ON media (id) WHERE source = 'legacy' AND status = 'pending';

ALTER TABLE events DROP CONSTRAINT events_type_check;
ALTER TABLE events ADD CONSTRAINT events_type_check
    CHECK (type IN ('message.received', 'message.status', 'message.created', 'contact.created', 'contact.updated',
                    'contact.deleted', 'template.updated', 'webhook.test', 'media.stored', 'media.failed'));
