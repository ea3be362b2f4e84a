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
        for (int i = 0, n = value.length(); i < n; i++) {
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
}
