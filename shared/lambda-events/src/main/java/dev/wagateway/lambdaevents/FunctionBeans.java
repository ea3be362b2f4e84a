package dev.wagateway.lambdaevents;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextProvider;
import io.micronaut.inject.BeanDefinition;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What a function's Lambda context holds. Micronaut's Lambda handler creates every singleton on the
 * classpath at init, so a bean of a module the function does not use (the Graph API client in
 * receive-webhook, say) costs every cold start, and may stop the function from starting at all.
 * A function's test starts its handler the way Lambda does (the no-argument constructor, settings
 * from the environment) and names the modules it uses: a bean of ours from any other module fails.
 */
public final class FunctionBeans {

    private static final String OUR_PACKAGES = "dev.wagateway.";
    // Test support on the tests' classpath only (test scope in every function pom, never in a Lambda jar):
    // openapi-check's client filter, say, validates the tests' answers.
    private static final Set<String> TEST_SUPPORT = Set.of("openapi-check", "lambda-events", "devdb", "fake-graph-api",
            "local-sqs");
    // What Lambda always sets and the AWS SDK's clients (created at init) need: the region.
    private static final Map<String, String> LAMBDA_ENVIRONMENT = Map.of("aws.region", "eu-west-1");

    private FunctionBeans() {
    }

    /**
     * Starts the handler with {@code settings} as the environment gives them (system properties
     * here, removed afterwards) and fails when a bean of ours comes from a module other than
     * {@code modules} (artifact ids: the function's own and the shared modules it depends on).
     */
    public static <H extends ApplicationContextProvider & AutoCloseable> void assertOnlyBeansOf(
            Supplier<H> lambdaStart, Map<String, String> settings, String... modules) {
        Map<String, String> environment = new TreeMap<>(LAMBDA_ENVIRONMENT);
        environment.putAll(settings);
        Map<String, String> previous = new TreeMap<>();
        environment.forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
        try (H handler = lambdaStart.get()) {
            assertOnlyBeansOf(handler.getApplicationContext(), Set.of(modules));
        } catch (Exception e) {
            throw new IllegalStateException("The handler did not close", e);
        } finally {
            previous.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    /**
     * The AWS SDK's Secrets Manager client, which only the functions that read a secret in AWS ship (through
     * shared/secrets): in AWS every HTTP function logs in to the database with IAM, so a function that calls no
     * Meta API and verifies no webhook reads none (issue 18: about 0.8 MB of its jar).
     */
    public static final String SECRETS_MANAGER_CLIENT = "software.amazon.awssdk.services.secretsmanager.SecretsManagerClient";

    /**
     * Fails when any of {@code classNames} can be loaded: the test's classpath holds the function's runtime
     * dependencies, which are what its shaded jar is made of (and its test dependencies, which can only make the
     * check stricter). For a library the function must leave out of its jar.
     */
    public static void assertNotOnClasspath(String... classNames) {
        Set<String> present = new TreeSet<>();
        for (String name : classNames) {
            try {
                Class<?> type = Class.forName(name, false, FunctionBeans.class.getClassLoader());
                present.add(name + " (from " + moduleOf(type) + ")");
            } catch (ClassNotFoundException absent) {
                // As it should be.
            }
        }
        if (!present.isEmpty()) {
            throw new AssertionError("The function's classpath, and so its jar, holds what it must leave out: " + present);
        }
    }

    static void assertOnlyBeansOf(ApplicationContext context, Set<String> modules) {
        Map<String, String> foreign = new TreeMap<>();
        Set<String> seen = new TreeSet<>();
        for (BeanDefinition<?> definition : context.getAllBeanDefinitions()) {
            Class<?> type = definition.getBeanType();
            if (!type.getName().startsWith(OUR_PACKAGES)) {
                continue;
            }
            String module = moduleOf(type);
            if (TEST_SUPPORT.contains(module)) {
                continue;
            }
            seen.add(module);
            if (!modules.contains(module)) {
                foreign.put(type.getName(), module);
            }
        }
        if (!foreign.isEmpty()) {
            throw new AssertionError("The function's context holds beans of modules it must not use (bean=module): "
                    + foreign + "; allowed: " + new TreeSet<>(modules));
        }
        if (seen.isEmpty()) {
            throw new AssertionError("The function's context holds no bean of ours at all: the check saw nothing");
        }
    }

    /**
     * The artifact id of the module a class was loaded from: {@code <module>/target/classes} (or
     * {@code test-classes}) in the reactor, {@code <artifactId>-<version>.jar} from a repository.
     */
    static String moduleOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "unknown";
        }
        Path path;
        try {
            path = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            return source.getLocation().toString();
        }
        String name = path.getFileName().toString();
        if (name.equals("classes") || name.equals("test-classes")) {
            return path.getParent().getParent().getFileName().toString();
        }
        return name.replaceFirst("-\\d[^-]*(-SNAPSHOT)?(-[a-z]+)?\\.jar$", "");
    }
}
