package dev.wagateway.shared.paging;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing and the cursor to the next, absent on the last page.
 *
 * @param items      the rows of this page
 * @param nextCursor pass it back as {@code cursor} for the next page; null when there is none
 *                   (JSON {@code next_cursor}, like every member name of the API)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record Page<T>(@JsonInclude(JsonInclude.Include.ALWAYS) List<T> items, @Nullable String nextCursor) {

    /**
     * Builds a page from a query that fetched {@code limit + 1} rows: the extra row only says
     * that another page exists.
     */
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, Cursor> cursorOf) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, limit);
        return new Page<>(List.copyOf(items), cursorOf.apply(items.get(limit - 1)).encode());
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), nextCursor);
    }
}
