package dev.wagateway.shared.config;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;

/** {@code wa-gateway-whatsapp-defaults.properties}: Meta's Graph API, for the functions that call it. */
@ContextConfigurer
public class WhatsAppDefaults implements ApplicationContextConfigurer {

    @Override
    public void configure(ApplicationContextBuilder builder) {
        DefaultsResource.addTo(builder, "wa-gateway-whatsapp-defaults.properties");
    }
}
