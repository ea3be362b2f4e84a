package dev.wagateway.shared.paging;

import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;

/** A cursor that this service did not hand out. */
public final class InvalidCursorException extends ProblemException {
    public InvalidCursorException() {
        super(ProblemType.INVALID_CURSOR, "The cursor is not one this service returned; start again without it.");
    }
}
