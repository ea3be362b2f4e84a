package dev.wagateway.dbmigrate.importer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
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

    private static final int[] DIGIT_POSITIONS = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};

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
        if (isPlainUtc(s)) {
            return plainUtc(s);
        }
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

    /** {@code YYYY-MM-DD HH:MM:SS} (or with {@code T}): the form almost every legacy row has, read without a parser. */
    private static boolean isPlainUtc(String s) {
        if (s.length() != 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':'
                || (s.charAt(10) != ' ' && s.charAt(10) != 'T')) {
            return false;
        }
        for (int i : DIGIT_POSITIONS) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The same answer the ISO parser gives for the plain form: the time with {@code T} and {@code Z}, or null when impossible. */
    private static String plainUtc(String s) {
        int year = Integer.parseInt(s, 0, 4, 10);
        int month = Integer.parseInt(s, 5, 7, 10);
        int day = Integer.parseInt(s, 8, 10, 10);
        int hour = Integer.parseInt(s, 11, 13, 10);
        int minute = Integer.parseInt(s, 14, 16, 10);
        int second = Integer.parseInt(s, 17, 19, 10);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > YearMonth.of(year, month).lengthOfMonth()
                || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        return new StringBuilder(20).append(s, 0, 10).append('T').append(s, 11, 19).append('Z').toString();
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
