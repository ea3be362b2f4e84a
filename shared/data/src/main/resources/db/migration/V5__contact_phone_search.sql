-- "Digits of the phone" search (GET /v1/contacts?q=5550) is a substring match: a trigram index
-- answers it without reading every contact. pg_trgm is a trusted extension (RDS allows it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX contacts_phone_trgm_idx ON contacts USING gin ((CAST(phone AS text)) gin_trgm_ops) WHERE deleted_at IS NULL;
