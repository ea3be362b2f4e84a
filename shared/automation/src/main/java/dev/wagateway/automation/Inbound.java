package dev.wagateway.automation;

import io.micronaut.core.annotation.Nullable;

/**
 * An inbound message as rules see it.
 *
 * @param text         what the customer wrote: a text's body, a caption, a button's or list reply's title; null for none
 * @param firstMessage whether it is the contact's first inbound message
 */
public record Inbound(@Nullable String text, boolean firstMessage) {
}
