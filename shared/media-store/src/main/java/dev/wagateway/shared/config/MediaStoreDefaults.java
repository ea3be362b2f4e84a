package dev.wagateway.shared.config;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;

/** {@code wa-gateway-media-store-defaults.properties}: the media bucket's settings, for the functions that use it. */
@ContextConfigurer
public class MediaStoreDefaults implements ApplicationContextConfigurer {

    @Override
    public void configure(ApplicationContextBuilder builder) {
        DefaultsResource.addTo(builder, "wa-gateway-media-store-defaults.properties");
    }
}
