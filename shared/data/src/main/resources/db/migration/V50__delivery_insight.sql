-- Delivery insight: what each status Meta reported cost, and what a message was, for the stats.
-- pricing: the status's pricing object as Meta delivered it (billable, category, pricing_model, type). Rows
-- from before this migration keep it in payload only; reads take coalesce(pricing, payload->'pricing'), so the
-- history needs no rewrite.
ALTER TABLE message_status_events
    ADD COLUMN pricing jsonb CHECK (pricing IS NULL OR jsonb_typeof(pricing) = 'object');

-- template_name: the template a template message sent (NULL for every other message).
-- pricing_category: Meta's pricing category of the message (marketing, utility, authentication, service, ...),
-- from the newest status that carried pricing.
ALTER TABLE messages
    ADD COLUMN template_name    varchar(512) CHECK (template_name <> ''),
    ADD COLUMN pricing_category text CHECK (pricing_category ~ '^[a-z_]+$');
