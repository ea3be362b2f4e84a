package dev.wagateway.infra;

import static dev.wagateway.infra.TemplateJson.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * The code every Lambda function of the stack deploys (the staged asset itself, not the module's target/) is the
 * Micronaut AOT build: the generated context configurer registered, services loaded by generated code,
 * its configuration in application.properties (no YAML, which no jar could parse); and its AWS SDK clients can only
 * use the URL-connection HTTP client.
 */
class DeployedJarsAreAotTest {

    private static final String AOT_CONFIGURER = "dev.wagateway.aot.AOTApplicationContextConfigurer";
    private static final List<String> OTHER_SDK_HTTP_CLIENTS = List.of(
            "software/amazon/awssdk/http/nio/netty/", "software/amazon/awssdk/http/apache/",
            "software/amazon/awssdk/http/apache5/", "software/amazon/awssdk/http/crt/",
            "org/apache/http/", "org/apache/hc/");
    /**
     * Apache HttpClient 5 is event-delivery's subscriber client (its DnsResolver connects to exactly the addresses
     * the SSRF guard checked); without the SDK's adapter (software/amazon/awssdk/http/apache5/) no AWS client uses it.
     */
    private static final Set<String> SUBSCRIBER_CLIENT_MODULES = Set.of("dispatch-events", "manage-webhooks");

    @Test
    void everyFunctionDeploysItsAotJar() throws IOException {
        SynthesizedDevApp dev = SynthesizedDevApp.get();
        int jars = 0;
        for (Map.Entry<String, Map<String, Object>> function : dev.statelessJson.ofType("AWS::Lambda::Function").entrySet()) {
            Object key = map(function.getValue().get("Code")).get("S3Key");
            if (!(key instanceof String s3Key) || !s3Key.endsWith(".jar")) {
                continue; // the CDK's own trigger provider (Node.js)
            }
            jars++;
            Path staged = dev.assemblyDirectory.resolve("asset." + s3Key);
            String name = function.getKey() + " (" + staged.getFileName() + ")";
            boolean subscriberClient = SUBSCRIBER_CLIENT_MODULES.stream().anyMatch(module ->
                    Arrays.stream(GatewayFunction.values()).anyMatch(f -> f.module().equals(module)
                            && function.getKey().equals(SynthesizedDevApp.logicalId(dev.stacks.stateless().function(f)))));
            try (ZipFile jar = new ZipFile(staged.toFile())) {
                assertNotNull(jar.getEntry(AOT_CONFIGURER.replace('.', '/') + ".class"), name + " has no AOT configurer");
                assertTrue(read(jar, "META-INF/services/io.micronaut.context.ApplicationContextConfigurer").contains(AOT_CONFIGURER),
                        name + " does not register the AOT configurer");
                assertNotNull(jar.getEntry("dev/wagateway/aot/StaticServicesLoader.class"), name + ": services not precomputed");
                assertNull(jar.getEntry("application.yml"), name + ": application.yml, which the jar cannot parse");
                assertNotNull(jar.getEntry("application.properties"), name + ": no application.properties");
                jar.stream().map(ZipEntry::getName)
                        .filter(entry -> OTHER_SDK_HTTP_CLIENTS.stream().anyMatch(entry::startsWith))
                        .filter(entry -> !(subscriberClient && entry.startsWith("org/apache/hc/")))
                        .findFirst()
                        .ifPresent(entry -> {
                            throw new AssertionError(name + " ships another HTTP client than URL-connection: " + entry);
                        });
            }
        }
        assertEquals(GatewayFunction.values().length, jars, "every function of the stack runs a function jar");
    }

    private static String read(ZipFile jar, String entry) throws IOException {
        ZipEntry found = jar.getEntry(entry);
        assertNotNull(found, "no " + entry);
        try (InputStream in = jar.getInputStream(found)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
