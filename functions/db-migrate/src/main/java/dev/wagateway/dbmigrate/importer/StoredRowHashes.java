package dev.wagateway.dbmigrate.importer;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The source hashes an earlier run kept for one table, by id key, in two primitive arrays (16 bytes a row: a
 * million rows fit in a 256 MB heap beside everything else). A source row whose id is here with the same hash is
 * unchanged since the run that wrote it: a delta neither converts nor stages it. Two stored ids with one key (a
 * 64-bit collision) are never taken as unchanged: their rows are staged and settled the long way. Nor is a row
 * whose target row is gone (deleted there, or the table cleared to import again): it is staged, as before hashes
 * were compared, and settled in SQL.
 */
final class StoredRowHashes {

    private static final long EMPTY = 0;
    private static final byte SEEN = 1;
    private static final byte AMBIGUOUS = 2;
    private static final byte TARGET_GONE = 4;

    private final long[] keys;
    private final long[] hashes;
    private final byte[] flags;
    private final int mask;
    private final MessageDigest md5 = SourceRowHash.newMd5();
    private int stored;

    private StoredRowHashes(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        hashes = new long[capacity];
        flags = new byte[capacity];
        mask = capacity - 1;
    }

    /** @param integerId whether the table's id is an integer (the hashes keep ids as text) */
    static StoredRowHashes load(Connection target, String table, boolean integerId) throws SQLException {
        long count;
        try (PreparedStatement statement = target.prepareStatement("SELECT count(*) FROM import_row_hashes WHERE target_table = ?")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                count = result.getLong(1);
            }
        }
        StoredRowHashes stored = new StoredRowHashes((int) Math.min(count, 1 << 28));
        // The id keys computed here, not with md5() in SQL: PostgreSQL's md5 over a million ids took seconds.
        try (PreparedStatement statement = target.prepareStatement("SELECT h.target_id, h.source_hash, t.id IS NOT NULL "
                + "FROM import_row_hashes h LEFT JOIN " + table + " t ON t.id = h.target_id"
                + (integerId ? "::bigint" : "") + " WHERE h.target_table = ?")) {
            statement.setFetchSize(10_000);
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    stored.put(SourceRowHash.idKey(stored.md5, result.getString(1)), result.getLong(2), result.getBoolean(3));
                }
            }
        }
        return stored;
    }

    boolean isEmpty() {
        return stored == 0;
    }

    /**
     * Whether the row of this id is as the earlier run saw it; marks the id as still in the source either way
     * (what is never marked is gone from the source).
     */
    boolean unchanged(String id, long sourceHash) {
        return id != null && unchanged(SourceRowHash.idKey(md5, id), sourceHash);
    }

    /** {@link #unchanged(String, long)} for an id given by its key ({@link SourceRowHash#idKey}). */
    boolean unchanged(long idKey, long sourceHash) {
        if (stored == 0) {
            return false;
        }
        int slot = find(nonZero(idKey));
        if (keys[slot] == EMPTY) {
            return false;
        }
        flags[slot] |= SEEN;
        return (flags[slot] & (AMBIGUOUS | TARGET_GONE)) == 0 && hashes[slot] == sourceHash;
    }

    /** Keys of stored ids no source row had: the candidates for rows gone from the source. */
    java.util.stream.LongStream unseen() {
        return java.util.stream.IntStream.range(0, keys.length).filter(i -> keys[i] != EMPTY && (flags[i] & SEEN) == 0)
                // The slot of Long.MIN_VALUE also holds the key 0: no source row had either.
                .mapToObj(i -> keys[i] == Long.MIN_VALUE ? java.util.stream.LongStream.of(Long.MIN_VALUE, EMPTY) : java.util.stream.LongStream.of(keys[i]))
                .flatMapToLong(k -> k);
    }

    private void put(long key, long hash, boolean targetThere) {
        int slot = find(nonZero(key));
        if (keys[slot] != EMPTY) {
            flags[slot] |= AMBIGUOUS;
            return;
        }
        keys[slot] = nonZero(key);
        hashes[slot] = hash;
        if (!targetThere) {
            flags[slot] |= TARGET_GONE;
        }
        stored++;
    }

    private int find(long key) {
        int slot = (int) mix(key) & mask;
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** 0 marks an empty slot: the one key that is 0 is kept as Long.MIN_VALUE (and given back as 0). */
    private static long nonZero(long key) {
        return key == EMPTY ? Long.MIN_VALUE : key;
    }

    private static long mix(long key) {
        key ^= key >>> 33;
        key *= 0xff51afd7ed558ccdL;
        key ^= key >>> 33;
        return key;
    }
}
