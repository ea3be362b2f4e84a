package dev.wagateway.shared.config;

import io.micronaut.context.annotation.ContextConfigurer;

/** {@code wa-gateway-defaults.yml}: the settings of every function (JSON). */
@ContextConfigurer
public class SharedDefaults extends DefaultsResource {

    public SharedDefaults() {
        super("wa-gateway-defaults.yml");
    }
}
