package dev.wagateway.dbmigrate.importer;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;

/** A progress bar per table on a terminal (rows/s, ETA); elsewhere one plain line per table. */
abstract class Progress {

    /** One table's rows going by. */
    interface Task extends AutoCloseable {
        void step();

        @Override
        void close();
    }

    abstract Task start(String table, long rows);

    abstract void note(String message);

    static Progress forOutput(PrintStream out, boolean terminal) {
        return terminal ? new Bars(out) : new Lines(out);
    }

    /** Whether standard output is an interactive terminal (not a pipe, file or log collector). */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Since JDK 22 a Console exists for redirected output too; isTerminal tells them apart.
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private static final class Bars extends Progress {
        private final PrintStream out;

        Bars(PrintStream out) {
            this.out = out;
        }

        @Override
        Task start(String table, long rows) {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(String.format("%-22s", table)).setInitialMax(rows)
                    .setStyle(ProgressBarStyle.ASCII).showSpeed().setUnit(" rows", 1).setUpdateIntervalMillis(250).build();
            return new Task() {
                long pending;

                @Override
                public void step() {
                    if (++pending == 1000) {
                        bar.stepBy(pending);
                        pending = 0;
                    }
                }

                @Override
                public void close() {
                    bar.stepBy(pending);
                    bar.close();
                }
            };
        }

        @Override
        void note(String message) {
            out.println(message);
        }
    }

    private static final class Lines extends Progress {
        private final PrintStream out;

        Lines(PrintStream out) {
            this.out = out;
        }

        @Override
        Task start(String table, long rows) {
            long started = System.nanoTime();
            return new Task() {
                long done;

                @Override
                public void step() {
                    done++;
                }

                @Override
                public void close() {
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    double seconds = Math.max(took.toNanos() / 1e9, 1e-9);
                    out.printf("read %-22s %,d rows in %.1f s (%,.0f rows/s)%n", table, done, seconds, done / seconds);
                }
            };
        }

        @Override
        void note(String message) {
            out.println(message);
        }
    }
}
