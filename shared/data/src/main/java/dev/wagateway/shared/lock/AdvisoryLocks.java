package dev.wagateway.shared.lock;

/**
 * Every PostgreSQL advisory lock the product takes, in one place, so that no two uses share a key by
 * accident. One-key locks (a bigint) guard whole operations and one contact's phone; two-key locks
 * ({@code WAMID_CLASS}, hash) guard one wamid, apart from the one-key space where Flyway takes its own.
 * Transaction locks ({@code _xact_}) end with the transaction; the import's is a session lock.
 */
public final class AdvisoryLocks {

    /** import-sqlite: one import at a time per database ({@code pg_try_advisory_lock}, the session's). */
    public static final long IMPORT = 0x5741_494d_504f_5254L;

    /** Template syncs (the schedule's and a caller's) take turns, one transaction each. */
    public static final long TEMPLATE_SYNC = 0x7465_6d70_6c61_7465L;

    /** Folding the message stats' changes into their hourly counts: one folder at a time ({@code pg_try_advisory_xact_lock}). */
    public static final long MESSAGE_STATS_FOLD = 0x6d73_6773_7461_7473L;

    /** The first key of the two-key lock on a wamid: its message and its statuses. */
    public static final int WAMID_CLASS = 0x77616D69;

    /**
     * Every write to the contacts of a set of identities, until the transaction ends: the parameter is
     * a text[] of {@code Identity.lockKey()}s ({@code contact:} and the phone or BSUID), sorted by the
     * caller. A contacts API PUT and the first message of a user both take it, so they never make two
     * contacts (nor fail on a unique identity).
     */
    public static final String EACH_CONTACT_IDENTITY =
            "SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest(CAST(? AS text[])) AS k";

    /** The locks on a set of wamids in one statement: the parameter is a text[] (sorted by the caller). */
    public static final String EACH_WAMID =
            "SELECT pg_advisory_xact_lock(" + WAMID_CLASS + ", hashtext(w)) FROM unnest(CAST(? AS text[])) AS w";

    /** The template sync's lock: the parameter is {@link #TEMPLATE_SYNC}. */
    public static final String TEMPLATE_SYNC_SQL = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS locked";

    /**
     * Automation's decisions for one contact take turns until the transaction ends (the parameter is the
     * phone): two messages of one customer never start two sessions nor answer one question twice.
     */
    public static final String AUTOMATION_CONTACT = "SELECT pg_advisory_xact_lock(hashtext('automation:' || ?))";

    private AdvisoryLocks() {
    }
}
