package dev.wagateway.shared.sending;

import java.util.Map;

/**
 * What a send does with media it names by the gateway's own id ({@code image: {"id": "media_..."}}): send-message's
 * implementation refuses an id not stored before anything is written, and gives Meta its own copy's id (uploading
 * the file again when Meta's copy expired). Where no implementation is deployed (the automation worker), the body
 * goes to Meta as it is ({@link AsWrittenMedia}).
 */
public interface OutgoingMedia {

    /** Refuses, before the row is written, a send naming media that cannot be sent. */
    void check(OutgoingMessage outgoing);

    /** The Graph API body for Meta. */
    Map<String, Object> forMeta(OutgoingMessage outgoing);
}
