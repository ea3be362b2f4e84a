package dev.wagateway.shared.sending;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code sending.*}: settings of the send path.
 *
 * @param windowCheck refuse a free-form message (anything but a template) to a user whose 24-hour customer service
 *                    window is closed, before Meta is called ({@code whatsapp-window-closed}); off, such a send goes
 *                    to Meta, which refuses it the same way (its code 131047)
 */
@ConfigurationProperties("sending")
public record SendingConfiguration(@Bindable(defaultValue = "true") boolean windowCheck) {
}
