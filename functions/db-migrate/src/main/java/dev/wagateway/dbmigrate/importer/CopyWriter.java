package dev.wagateway.dbmigrate.importer;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

/** One {@code COPY ... FROM STDIN} in text format, fed a line at a time (lines are built with {@link CopyText}). */
final class CopyWriter implements AutoCloseable {

    private static final int BUFFER = 1 << 16;

    private final Writer out;
    private char[] scratch = new char[1024];

    CopyWriter(Connection connection, String copySql) throws SQLException {
        this.out = new BufferedWriter(new OutputStreamWriter(
                new PGCopyOutputStream(connection.unwrap(PGConnection.class), copySql, BUFFER), StandardCharsets.UTF_8), BUFFER);
    }

    /** Writes the line as it is (it must end with a newline); the builder can be reused afterwards. */
    void write(StringBuilder line) throws IOException {
        // Through a reused char array: Writer.append(CharSequence) would make a String of every line.
        int length = line.length();
        if (scratch.length < length) {
            scratch = new char[Math.max(length, scratch.length * 2)];
        }
        line.getChars(0, length, scratch, 0);
        out.write(scratch, 0, length);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
