package dev.wagateway.dbmigrate.importer;

/** An unexpected failure as one line for the operator (PostgreSQL's errors carry a detail on a second line). */
public final class FailureLine {

    private FailureLine() {
    }

    public static String of(Throwable failure) {
        String message = String.valueOf(failure.getMessage()).strip().replaceAll("\\s*\\R\\s*", " ");
        return failure.getClass().getSimpleName() + ": " + message;
    }
}
