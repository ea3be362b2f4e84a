package dev.wagateway.automationapi;

import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;

import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * Path ids: the tables' bigint ids; anything else names nothing here (404). One place for what every
 * {@code /{id}} route does: parse the id, act on the row, answer 404 when no row answered.
 */
final class Ids {

    private Ids() {
    }

    /** What {@code action} made of the row with this id; 404 when the id names no row or the action found none. */
    static <T> T found(String what, String id, LongFunction<Optional<T>> action) {
        return action.apply(parse(what, id)).orElseThrow(() -> notFound(what, id));
    }

    /** Runs {@code action} on the row with this id; 404 when the id names no row or the action found none. */
    static void acted(String what, String id, LongPredicate action) {
        if (!action.test(parse(what, id))) {
            throw notFound(what, id);
        }
    }

    private static long parse(String what, String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw notFound(what, id);
    }

    private static ProblemException notFound(String what, String id) {
        return new ProblemException(ProblemType.NOT_FOUND, "No " + what + " " + id + ".");
    }
}
