package dev.wagateway.shared.config;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertiesPropertySourceLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Loads one module's defaults (a properties resource: no function jar has a YAML parser) beneath each function's
 * own {@code application.properties} (which wins) and the environment (which wins over both). Micronaut reads only
 * the first {@code application.properties} on the classpath, so a module's settings cannot live in one; each module
 * that has defaults adds its resource from a {@code @ContextConfigurer} of its own (which must
 * implement {@code ApplicationContextConfigurer} itself: a subclass is not registered), so a function
 * gets the defaults of exactly the modules it depends on.
 */
public final class DefaultsResource {

    // application.properties is read at order -300 (lower orders lose), so these defaults sit below it.
    static final int ORDER = -400;

    private DefaultsResource() {
    }

    public static void addTo(ApplicationContextBuilder builder, String resource) {
        builder.propertySources(PropertySource.of(resource, load(resource), ORDER));
    }

    static Map<String, Object> load(String resource) {
        try (InputStream input = DefaultsResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (input == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return new PropertiesPropertySourceLoader().read(resource, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
