package dev.wagateway.shared.paging;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

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

    /**
     * What a Lambda answer may hold of a page's rows. Lambda refuses answers over 6 MB, and its answer
     * carries the body as a JSON string (each quote and backslash escaped once more): room is left for
     * that envelope, the headers and the page's own members.
     */
    public static final long MAX_ANSWER_BYTES = 5L * 1024 * 1024;

    /**
     * The first rows that fit in {@link #MAX_ANSWER_BYTES} (at least one), with the cursor after the last
     * of them when rows were left out: a page of large rows is shorter, and the next page goes on from it.
     *
     * @param answerBytes what one row takes in the answer ({@link #answerBytes(JsonMapper, Object)})
     */
    public Page<T> withinAnswerLimit(ToLongFunction<T> answerBytes, Function<T, Cursor> cursorOf) {
        long total = 0;
        for (int i = 0; i < items.size(); i++) {
            total += answerBytes.applyAsLong(items.get(i));
            if (total > MAX_ANSWER_BYTES && i > 0) {
                return new Page<>(List.copyOf(items.subList(0, i)), cursorOf.apply(items.get(i - 1)).encode());
            }
        }
        return this;
    }

    /** A row's size in a Lambda answer: its JSON, with each quote and backslash counted twice. */
    public static long answerBytes(JsonMapper json, Object row) {
        try {
            byte[] bytes = json.writeValueAsBytes(row);
            long escapes = 0;
            for (byte b : bytes) {
                if (b == '"' || b == '\\') {
                    escapes++;
                }
            }
            return bytes.length + escapes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
