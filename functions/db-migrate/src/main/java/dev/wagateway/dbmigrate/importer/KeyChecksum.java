package dev.wagateway.dbmigrate.importer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * An order-free checksum of key columns, computed the same way here and in PostgreSQL: per row the
 * first 64 bits of the MD5 of the key values joined by U+001F ({@code \N} for NULL), XOR-ed over rows.
 */
final class KeyChecksum {

    private static final char SEPARATOR = '\u001F';
    private final MessageDigest md5;

    KeyChecksum() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    long row(String[] keyValues) {
        StringBuilder joined = new StringBuilder(64);
        for (int i = 0; i < keyValues.length; i++) {
            if (i > 0) {
                joined.append(SEPARATOR);
            }
            joined.append(keyValues[i] == null ? "\\N" : keyValues[i]);
        }
        byte[] digest = md5.digest(joined.toString().getBytes(StandardCharsets.UTF_8));
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (digest[i] & 0xff);
        }
        return value;
    }

    /** The same per-row value as a PostgreSQL expression over {@code alias}'s columns. */
    static String sqlExpression(String alias, List<String> columns) {
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                joined.append(", ");
            }
            joined.append("coalesce(").append(alias).append('.').append(columns.get(i)).append("::text, '\\N')");
        }
        return "('x' || left(md5(concat_ws(chr(31), " + joined + ")), 16))::bit(64)::bigint";
    }

    static String hex(long value) {
        return String.format("%016x", value);
    }
}
