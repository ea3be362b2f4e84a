package dev.wagateway.dbmigrate.importer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Every timestamp spelling the legacy app stored: {@code 'YYYY-MM-DD HH:MM:SS'} (UTC), ISO-8601 with
 * {@code T}, {@code Z} or an offset and fractional seconds, a bare date, integer epoch seconds and
 * integer epoch milliseconds (as numbers or digits in text).
 */
final class Timestamps {

    // Epoch values below this are seconds (up to the year 5138), above it milliseconds.
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    private Timestamps() {
    }

    /** The instant in a form PostgreSQL reads, or null when the value is empty or not a possible time. */
    static String parse(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            return fromEpoch(((Number) value).longValue());
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) && !d.isInfinite() ? fromEpoch(d.longValue()) : null;
        }
        if (!(value instanceof String text)) {
            return null;
        }
        String s = text.strip();
        if (s.isEmpty()) {
            return null;
        }
        if (isDigits(s)) {
            return s.length() > 18 ? null : fromEpoch(Long.parseLong(s));
        }
        return fromText(s);
    }

    private static String fromText(String s) {
        if (s.length() == 10) {
            try {
                return LocalDate.parse(s).atStartOfDay().toInstant(java.time.ZoneOffset.UTC).toString();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (s.length() < 19 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        StringBuilder iso = new StringBuilder(s.length() + 1).append(s);
        if (iso.charAt(10) == ' ') {
            iso.setCharAt(10, 'T');
        }
        if (!hasZone(iso)) {
            // The legacy app wrote times without a zone in UTC (SQLite's CURRENT_TIMESTAMP).
            iso.append('Z');
        }
        try {
            OffsetDateTime parsed = OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return parsed.getYear() < 1 ? null : iso.toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean hasZone(CharSequence iso) {
        char last = iso.charAt(iso.length() - 1);
        if (last == 'Z' || last == 'z') {
            return true;
        }
        // An offset: '+HH:MM' or '-HH:MM' after the seconds (position 19 onwards).
        for (int i = 19; i < iso.length(); i++) {
            char c = iso.charAt(i);
            if (c == '+' || c == '-') {
                return true;
            }
        }
        return false;
    }

    private static String fromEpoch(long epoch) {
        Instant instant = Math.abs(epoch) >= MILLIS_THRESHOLD ? Instant.ofEpochMilli(epoch) : Instant.ofEpochSecond(epoch);
        return instant.toString();
    }

    private static boolean isDigits(String s) {
        int start = s.charAt(0) == '-' ? 1 : 0;
        if (start == s.length()) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
