package dev.wagateway.dbmigrate.importer;

/** PostgreSQL COPY text format: tab-separated fields, {@code \N} for NULL, backslash escapes. */
final class CopyText {

    private CopyText() {
    }

    static void appendField(StringBuilder line, String value) {
        if (value == null) {
            line.append("\\N");
            return;
        }
        int first = firstSpecial(value);
        if (first < 0) {
            line.append(value);
            return;
        }
        line.append(value, 0, first);
        for (int i = first, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\t' -> line.append("\\t");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                default -> line.append(c);
            }
        }
    }

    /** Most values need no escape: finding that out first lets them be copied whole. */
    private static int firstSpecial(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }
}
