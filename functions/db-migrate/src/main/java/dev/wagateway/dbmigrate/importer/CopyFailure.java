package dev.wagateway.dbmigrate.importer;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL refused a value while a table's rows were copied into staging: the failure names the
 * table, the row (its key in the file) and the column, not only "Ending write to copy failed".
 */
final class CopyFailure extends RuntimeException {

    private static final Pattern WHERE = Pattern.compile("COPY \\S+, line (\\d+)(?:, column (\\w+))?");

    private CopyFailure(String message, Throwable cause) {
        super(message, cause);
    }

    static CopyFailure of(SourceDatabase source, String table, Exception failure) {
        PSQLException refusal = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p) {
                refusal = p;
            }
        }
        ServerErrorMessage server = refusal == null ? null : refusal.getServerErrorMessage();
        String reason = server != null ? server.getMessage() + (server.getDetail() == null ? "" : " (" + server.getDetail() + ")")
                : String.valueOf(failure.getMessage());
        Matcher where = WHERE.matcher(server == null || server.getWhere() == null ? "" : server.getWhere());
        if (!where.find()) {
            return new CopyFailure("table " + table + ": PostgreSQL refused a row: " + reason, failure);
        }
        String row;
        try {
            row = "rowid " + source.keyAt(table, Long.parseLong(where.group(1)));
        } catch (Exception e) {
            row = "row " + where.group(1) + " in file order";
        }
        String column = where.group(2) == null ? "" : ", column " + where.group(2);
        return new CopyFailure("table " + table + ", " + row + column + ": PostgreSQL cannot hold the value: " + reason, failure);
    }
}
