-- The 24-hour customer service window (issue 22): a free-form message reaches a user only within 24 hours of
-- their last message to the business. last_inbound_at is when that last inbound message was sent (Meta's
-- timestamp); ContactWriter keeps it with each inbound message, and a merge keeps the later of the two.
-- NULL: they never wrote.
ALTER TABLE contacts ADD COLUMN last_inbound_at timestamptz;

-- What is already stored (updated_at untouched: the import's row hashes cover it, and nothing the contact shows
-- changed but the window): each live contact's latest inbound message by any identity it is known by (one pass
-- over the inbound messages per identity kind, then the latest of the three).
ALTER TABLE contacts DISABLE TRIGGER contacts_updated_at;
WITH by_phone AS (SELECT phone, max(created_at) AS at FROM messages
                  WHERE direction = 'inbound' AND phone IS NOT NULL GROUP BY phone),
     by_user AS (SELECT user_id, max(created_at) AS at FROM messages
                 WHERE direction = 'inbound' AND user_id IS NOT NULL GROUP BY user_id),
     by_parent AS (SELECT parent_user_id, max(created_at) AS at FROM messages
                   WHERE direction = 'inbound' AND parent_user_id IS NOT NULL GROUP BY parent_user_id),
     latest AS (SELECT c.id, greatest(p.at, u.at, pa.at) AS at
                FROM contacts c
                LEFT JOIN by_phone p ON p.phone = c.phone
                LEFT JOIN by_user u ON u.user_id = c.user_id
                LEFT JOIN by_parent pa ON pa.parent_user_id = c.parent_user_id
                WHERE c.deleted_at IS NULL)
UPDATE contacts c SET last_inbound_at = latest.at
FROM latest WHERE c.id = latest.id AND latest.at IS NOT NULL;
ALTER TABLE contacts ENABLE TRIGGER contacts_updated_at;
