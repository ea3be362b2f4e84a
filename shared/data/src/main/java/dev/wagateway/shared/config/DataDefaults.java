package dev.wagateway.shared.config;

import io.micronaut.context.annotation.ContextConfigurer;

/** {@code wa-gateway-data-defaults.yml}: the connection pool of every function that uses the database. */
@ContextConfigurer
public class DataDefaults extends DefaultsResource {

    public DataDefaults() {
        super("wa-gateway-data-defaults.yml");
    }
}
