-- The order a message's status moves in, defined once and used by every statement that moves one:
-- accepted < sent < failed < delivered < read. A failed is not overwritten by a late sent; a delivered
-- or read after failed wins (multi-device users produce them). A message takes a reported status only
-- when it ranks higher than the one it has, so the outcome does not depend on arrival order.
-- received (inbound) and statuses outside the order (deleted, warning, ...) have no rank (NULL): they
-- stay in the history and never change a message's status.
CREATE FUNCTION message_status_rank(status text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT CASE status
               WHEN 'accepted' THEN 0
               WHEN 'sent' THEN 1
               WHEN 'failed' THEN 2
               WHEN 'delivered' THEN 3
               WHEN 'read' THEN 4
           END
$$;
