package dev.wagateway.dbmigrate.importer;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plain {@code YYYY-MM-DD HH:MM:SS} form is read without the ISO parser: it must answer as the parser does. */
class TimestampsTest {

    @Test
    void thePlainFormAgreesWithTheIsoParserOnEveryEdge() {
        String[] years = {"0000", "0001", "1900", "1970", "2000", "2023", "2024", "2100", "9999"};
        int checked = 0;
        int valid = 0;
        for (String year : years) {
            for (int month = 0; month <= 13; month++) {
                for (int day : new int[] {0, 1, 28, 29, 30, 31, 32}) {
                    for (int hour : new int[] {0, 23, 24}) {
                        for (int minute : new int[] {0, 59, 60}) {
                            for (int second : new int[] {0, 59, 60}) {
                                for (char separator : new char[] {' ', 'T'}) {
                                    String text = String.format("%s-%02d-%02d%c%02d:%02d:%02d", year, month, day, separator, hour, minute, second);
                                    String expected = isoParser(text);
                                    assertEquals(expected, Timestamps.parse(text), text);
                                    checked++;
                                    valid += expected == null ? 0 : 1;
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(valid > 1000 && valid < checked, valid + " of " + checked);
    }

    /** What the import answered before the plain form had its own path. */
    private static String isoParser(String text) {
        String iso = text.replace(' ', 'T') + "Z";
        try {
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).getYear() < 1 ? null : iso;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
