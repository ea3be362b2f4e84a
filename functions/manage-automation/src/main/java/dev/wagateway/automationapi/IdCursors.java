package dev.wagateway.automationapi;

import dev.wagateway.shared.paging.Cursor;
import dev.wagateway.shared.paging.InvalidCursorException;
import io.micronaut.core.annotation.Nullable;

/** Keyset paging by the tables' bigint ids. */
final class IdCursors {

    private IdCursors() {
    }

    static long after(@Nullable String cursor) {
        return Cursor.decode(cursor).map(c -> {
            try {
                long id = Long.parseLong(c.id());
                if (id < 0) {
                    throw new InvalidCursorException();
                }
                return id;
            } catch (NumberFormatException e) {
                throw new InvalidCursorException();
            }
        }).orElse(0L);
    }

    static Cursor of(long id) {
        return new Cursor(null, Long.toString(id));
    }
}
