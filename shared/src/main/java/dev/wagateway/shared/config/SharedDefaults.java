package dev.wagateway.shared.config;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Loads {@code wa-gateway-defaults.yml}, the configuration every function shares, beneath each
 * function's own {@code application.yml} (which wins) and the environment (which wins over both).
 * Micronaut reads only the first {@code application.yml} on the classpath, so shared settings
 * cannot live in one.
 */
@ContextConfigurer
public class SharedDefaults implements ApplicationContextConfigurer {

    static final String RESOURCE = "wa-gateway-defaults.yml";
    // application.yml is read at order -300 (lower orders lose), so these defaults sit below it.
    static final int ORDER = -400;

    @Override
    public void configure(ApplicationContextBuilder builder) {
        builder.propertySources(PropertySource.of(RESOURCE, load(), ORDER));
    }

    static Map<String, Object> load() {
        try (InputStream input = SharedDefaults.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (input == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new YamlPropertySourceLoader().read(RESOURCE, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
