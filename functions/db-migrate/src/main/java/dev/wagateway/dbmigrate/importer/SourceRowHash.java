package dev.wagateway.dbmigrate.importer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The hash of a source row as the file holds it (before conversion), so a later run can tell an unchanged row
 * without converting or staging it. Each value is hashed with its SQLite type, so 1, 1.0 and '1' differ; the
 * seed holds the table, its column names and the options that change what a row converts to (the default phone
 * region): a file with another layout, or a run with other options, finds no row unchanged.
 *
 * <p>Also the 64-bit key of an id, the same here and in PostgreSQL ({@link #idKeySql}): the first 64 bits of
 * the MD5 of its UTF-8 text.
 */
final class SourceRowHash {

    private final MessageDigest md5;
    private final byte[] seed;
    private byte[] buffer = new byte[1024];
    private int length;

    SourceRowHash(String table, List<String> columns, String options) {
        md5 = newMd5();
        seed = (table + '\u001F' + String.join("\u001F", columns) + '\u001F' + options).getBytes(StandardCharsets.UTF_8);
    }

    long of(Object[] values) {
        length = 0;
        putBytes(seed);
        for (Object value : values) {
            switch (value) {
                case null -> putByte(0);
                case Long l -> {
                    putByte(1);
                    putLong(l);
                }
                case Double d -> {
                    putByte(2);
                    putLong(Double.doubleToLongBits(d));
                }
                case String s -> {
                    putByte(3);
                    putLong(s.length());
                    ensure(s.length() * 2);
                    for (int i = 0, n = s.length(); i < n; i++) {
                        char c = s.charAt(i);
                        buffer[length++] = (byte) (c >> 8);
                        buffer[length++] = (byte) c;
                    }
                }
                case byte[] b -> {
                    putByte(4);
                    putBytes(b);
                }
                case BrokenText b -> {
                    putByte(5);
                    putBytes(b.original());
                }
                default -> {
                    putByte(6);
                    putBytes(value.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        md5.update(buffer, 0, length);
        return first64(md5.digest());
    }

    /** The key of an id: what {@link #idKeySql} computes in PostgreSQL. */
    static long idKey(MessageDigest md5, String id) {
        return first64(md5.digest(id.getBytes(StandardCharsets.UTF_8)));
    }

    static String idKeySql(String expression) {
        return "('x' || left(md5(" + expression + "), 16))::bit(64)::bigint";
    }

    static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long first64(byte[] digest) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (digest[i] & 0xff);
        }
        return value;
    }

    private void putByte(int b) {
        ensure(1);
        buffer[length++] = (byte) b;
    }

    private void putLong(long v) {
        ensure(8);
        for (int i = 56; i >= 0; i -= 8) {
            buffer[length++] = (byte) (v >>> i);
        }
    }

    private void putBytes(byte[] bytes) {
        putLong(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
