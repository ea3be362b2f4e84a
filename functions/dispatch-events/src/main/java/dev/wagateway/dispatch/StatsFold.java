package dev.wagateway.dispatch;

import dev.wagateway.shared.stats.MessageStatsWriter;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled fold of the message stats (every minute, with the sweep): what the triggers on {@code messages}
 * appended since the last run goes into the hourly and daily counts, in batches, so that {@code GET
 * /v1/stats/messages} reads counts rather than changes. A stats request still folds when many changes wait (this
 * schedule behind), and reads the rest as they are: answers are exact either way. A failure here is logged and
 * leaves the changes for the next run; it never stops the sweep.
 */
@Singleton
public class StatsFold {

    private static final Logger LOG = LoggerFactory.getLogger(StatsFold.class);
    // A batch is one short transaction; ten of them (a busy minute's changes) fit well inside the sweep's timeout.
    static final int BATCH = 50_000;
    static final int BATCHES = 10;

    private final MessageStatsWriter folds;

    public StatsFold(MessageStatsWriter folds) {
        this.folds = folds;
    }

    /** @return how many changes were folded (0 when another fold held the lock, or this one failed) */
    public long run() {
        try {
            return folds.drain(BATCH, BATCHES);
        } catch (RuntimeException e) {
            LOG.warn("The message stats fold failed; the next run folds the same changes: {}", e.toString());
            return 0;
        }
    }
}
