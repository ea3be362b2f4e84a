package dev.wagateway.shared.sending;

import dev.wagateway.shared.message.Message;
import io.micronaut.core.annotation.Nullable;

/** How far a send got, for a caller whose send fails (what it may retry, what it must never send again). */
public final class SendProgress {

    private @Nullable Message accepted;
    private boolean metaCalled;
    private @Nullable String wamid;

    /** The message row, once written (accepted). */
    public @Nullable Message accepted() {
        return accepted;
    }

    /** Whether Meta was called: from then on its outcome may be unknown. */
    public boolean metaCalled() {
        return metaCalled;
    }

    /** Meta's id, once Meta took it. */
    public @Nullable String wamid() {
        return wamid;
    }

    void accepted(Message message) {
        this.accepted = message;
    }

    void markMetaCalled() {
        this.metaCalled = true;
    }

    void wamid(String id) {
        this.wamid = id;
    }
}
