package dev.wagateway.shared.sending;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

import java.util.Map;

/** {@link OutgoingMedia} where the function deploys no media store: media ids go to Meta as written. */
@Singleton
@Secondary
class AsWrittenMedia implements OutgoingMedia {

    @Override
    public void check(OutgoingMessage outgoing) {
        // nothing of ours to look up
    }

    @Override
    public Map<String, Object> forMeta(OutgoingMessage outgoing) {
        return outgoing.graphBody();
    }
}
