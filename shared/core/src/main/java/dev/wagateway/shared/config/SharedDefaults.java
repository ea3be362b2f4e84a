package dev.wagateway.shared.config;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;

/** {@code wa-gateway-defaults.properties}: the settings of every function (JSON). */
@ContextConfigurer
public class SharedDefaults implements ApplicationContextConfigurer {

    @Override
    public void configure(ApplicationContextBuilder builder) {
        DefaultsResource.addTo(builder, "wa-gateway-defaults.properties");
    }
}
