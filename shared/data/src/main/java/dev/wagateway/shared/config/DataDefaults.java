package dev.wagateway.shared.config;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;

/** {@code wa-gateway-data-defaults.properties}: the connection pool of every function that uses the database. */
@ContextConfigurer
public class DataDefaults implements ApplicationContextConfigurer {

    @Override
    public void configure(ApplicationContextBuilder builder) {
        DefaultsResource.addTo(builder, "wa-gateway-data-defaults.properties");
    }
}
