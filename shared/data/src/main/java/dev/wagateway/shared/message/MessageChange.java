package dev.wagateway.shared.message;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * A customer's edit or revoke of a message they sent, as {@link MessageWriter#applyChange} applies it.
 *
 * @param edit              true for an edit, false for a revoke
 * @param whatsappMessageId the change's own wamid
 * @param originalWamid     the wamid of the message it changes
 * @param content           an edit's new text
 * @param caption           an edit's new caption
 * @param rawJson           the change exactly as Meta sent it (kept on the message)
 */
public record MessageChange(boolean edit, String whatsappMessageId, String originalWamid, @Nullable String content,
                            @Nullable String caption, Instant at, String rawJson) {
}
