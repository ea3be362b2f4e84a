package dev.wagateway.dbmigrate.importer;

/** Where a table's or a run's time went, for the log: "phase 1.2 s, next 0.3 s". */
final class Phases {
    private final StringBuilder text = new StringBuilder();
    private long last;

    Phases() {
        this(System.nanoTime());
    }

    /** @param since the {@link System#nanoTime} the first phase began */
    Phases(long since) {
        last = since;
    }

    void done(String phase) {
        long now = System.nanoTime();
        text.append(text.isEmpty() ? "" : ", ").append(phase).append(String.format(" %.1f s", (now - last) / 1e9));
        last = now;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
