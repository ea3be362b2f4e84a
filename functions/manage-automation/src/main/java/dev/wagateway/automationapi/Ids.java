package dev.wagateway.automationapi;

import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;

/** Path ids: the tables' bigint ids; anything else names nothing here (404). */
final class Ids {

    private Ids() {
    }

    static long parse(String what, String id) {
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

    static ProblemException notFound(String what, String id) {
        return new ProblemException(ProblemType.NOT_FOUND, "No " + what + " " + id + ".");
    }
}
