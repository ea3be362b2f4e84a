package dev.wagateway.shared.paging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

/**
 * The position after the last row of a page, for keyset pagination over {@code (sortKey DESC, id DESC)}.
 *
 * <p>Opaque to callers (URL-safe base64), so its shape can change without breaking them. Keyset
 * pages stay correct while rows are inserted: a new row never shifts the rows after the cursor.
 *
 * @param sortKey the sort column's value on the last row as text (null when that value was NULL)
 * @param id      the last row's id, which breaks ties
 */
public record Cursor(String sortKey, String id) {

    private static final char SEPARATOR = '|';

    public static Cursor after(Instant sortKey, String id) {
        return new Cursor(sortKey == null ? null : sortKey.toString(), id);
    }

    /** The sort key as the instant it was made from. */
    public Instant instantKey() {
        try {
            return sortKey == null ? null : Instant.parse(sortKey);
        } catch (DateTimeParseException e) {
            throw new InvalidCursorException();
        }
    }

    public String encode() {
        // The id goes first: ids never contain the separator, sort keys (names) may.
        String raw = id + SEPARATOR + (sortKey == null ? "" : "=" + sortKey);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a caller sent back; empty when it is absent; an error when it was not made here. */
    public static Optional<Cursor> decode(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return Optional.empty();
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            int separator = raw.indexOf(SEPARATOR);
            if (separator <= 0) {
                throw new InvalidCursorException();
            }
            String key = raw.substring(separator + 1);
            if (!key.isEmpty() && !key.startsWith("=")) {
                throw new InvalidCursorException();
            }
            return Optional.of(new Cursor(key.isEmpty() ? null : key.substring(1), raw.substring(0, separator)));
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException();
        }
    }
}
