package dev.wagateway.mediajobs;

import dev.wagateway.shared.media.Media;
import dev.wagateway.shared.media.MediaRepository;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** The retry schedule's run: every inbound file whose next attempt is due, fetched again. */
@Singleton
public class MediaRetrySweep {

    private final MediaRepository media;
    private final MediaFetcher fetcher;
    private final MediaJobConfiguration settings;

    public MediaRetrySweep(MediaRepository media, MediaFetcher fetcher, MediaJobConfiguration settings) {
        this.media = media;
        this.fetcher = fetcher;
        this.settings = settings;
    }

    /** Fetches the files due at {@code now}; answers how many ended each way. */
    public Map<MediaFetcher.Outcome, Integer> run(Instant now) {
        Map<MediaFetcher.Outcome, Integer> outcomes = new EnumMap<>(MediaFetcher.Outcome.class);
        for (Media due : media.dueForRetry(now, settings.retryBatch())) {
            outcomes.merge(fetcher.fetch(due.mediaId()), 1, Integer::sum);
        }
        return outcomes;
    }
}
