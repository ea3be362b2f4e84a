package dev.wagateway.shared.config;

import io.micronaut.context.annotation.ContextConfigurer;

/** {@code wa-gateway-whatsapp-defaults.yml}: Meta's Graph API, for the functions that call it. */
@ContextConfigurer
public class WhatsAppDefaults extends DefaultsResource {

    public WhatsAppDefaults() {
        super("wa-gateway-whatsapp-defaults.yml");
    }
}
