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
 * <p>Text is hashed as the UTF-8 bytes the file holds (a value read as a String is encoded again: the same bytes
 * for valid UTF-8, and {@link BrokenText} keeps the bytes of what was not), so a raw read of the row
 * ({@link SourceDatabase#hashRows}) and a read into objects give one hash.
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
        begin();
        for (Object value : values) {
            switch (value) {
                case null -> putNull();
                case Long l -> putInteger(l);
                case Double d -> putReal(d);
                case String s -> putText(s.getBytes(StandardCharsets.UTF_8));
                case byte[] b -> putBlob(b);
                // The bytes the file holds: what a raw read of the same value gives (rawText).
                case BrokenText b -> putText(b.original());
                default -> {
                    putByte(6);
                    putBytes(value.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return finish();
    }

    /*
     * The same hash value by value, for a reader that never makes Java objects of a row (SourceDatabase.hashRows):
     * begin, one put per column in order, finish. A text value is hashed as its UTF-8 bytes in the file.
     */

    void begin() {
        length = 0;
        putBytes(seed);
    }

    void putNull() {
        putByte(0);
    }

    void putInteger(long value) {
        putByte(1);
        putLong(value);
    }

    void putReal(double value) {
        putByte(2);
        putLong(Double.doubleToLongBits(value));
    }

    void putText(byte[] utf8) {
        putByte(3);
        putBytes(utf8);
    }

    void putBlob(byte[] bytes) {
        putByte(4);
        putBytes(bytes);
    }

    long finish() {
        md5.update(buffer, 0, length);
        return first64(md5.digest());
    }

    /** The key of an id: what {@link #idKeySql} computes in PostgreSQL. */
    static long idKey(MessageDigest md5, String id) {
        return idKey(md5, id.getBytes(StandardCharsets.UTF_8));
    }

    /** The key of an id given as its UTF-8 bytes. */
    static long idKey(MessageDigest md5, byte[] utf8) {
        return first64(md5.digest(utf8));
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
