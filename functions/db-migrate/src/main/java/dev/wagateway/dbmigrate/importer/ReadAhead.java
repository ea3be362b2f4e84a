package dev.wagateway.dbmigrate.importer;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link SourceDatabase#stream} with the reading on a second thread: the caller converts and writes rows while
 * the next ones are read. One after the other on one thread, reading through the SQLite driver (about 7 s of CPU
 * for 1M messages) and converting (about 5 s) left the second core to PostgreSQL's COPY alone.
 *
 * <p>Rows pass in order, in batches, through a bounded queue (a few thousand rows at most). When the caller fails,
 * the reader is stopped; either way it has ended before this returns, so nothing else uses the file's one
 * connection meanwhile. A reader's failure is thrown to the caller as it was thrown.
 */
final class ReadAhead {

    private static final int BATCH = 256;
    private static final int BATCHES = 16;

    private ReadAhead() {
    }

    private static final class Batch {
        final long[] keys = new long[BATCH];
        final Object[][] rows = new Object[BATCH][];
        int size;
        boolean last;
        Throwable failure;
    }

    /** Thrown inside the reader when the caller has stopped: ends the read. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    static void stream(SourceDatabase source, String table, SourceDatabase.RowConsumer consumer) throws Exception {
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES);
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = Thread.ofPlatform().daemon().name("import-read").start(() -> read(source, table, queue, stop));
        try {
            while (true) {
                Batch batch = queue.take();
                for (int i = 0; i < batch.size; i++) {
                    consumer.accept(batch.keys[i], batch.rows[i]);
                }
                if (batch.failure instanceof Exception e) {
                    throw e;
                }
                if (batch.failure instanceof Error e) {
                    throw e;
                }
                if (batch.last) {
                    return;
                }
            }
        } finally {
            stop.set(true);
            queue.clear();
            reader.join();
        }
    }

    private static void read(SourceDatabase source, String table, BlockingQueue<Batch> queue, AtomicBoolean stop) {
        Batch[] current = {new Batch()};
        try {
            source.stream(table, (key, values) -> {
                Batch batch = current[0];
                batch.keys[batch.size] = key;
                batch.rows[batch.size++] = values;
                if (batch.size == BATCH) {
                    put(queue, batch, stop);
                    current[0] = new Batch();
                }
            });
        } catch (Stopped e) {
            return;
        } catch (Throwable e) {
            current[0].failure = e;
        }
        current[0].last = true;
        try {
            put(queue, current[0], stop);
        } catch (Stopped e) {
            // the caller is gone
        }
    }

    private static void put(BlockingQueue<Batch> queue, Batch batch, AtomicBoolean stop) {
        try {
            while (!queue.offer(batch, 50, TimeUnit.MILLISECONDS)) {
                if (stop.get()) {
                    throw new Stopped();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }
}
