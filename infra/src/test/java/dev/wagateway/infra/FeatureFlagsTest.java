package dev.wagateway.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;

/**
 * infra/cdk.json sets every feature flag that the aws-cdk-lib on the classpath recommends, at its recommended value
 * (the set {@code cdk init} writes: recommended-feature-flags.json in the library's jsii package), but for the
 * deliberate departures of {@link InfraApp#DELIBERATE_FLAGS}, and the app the
 * tests synthesize runs with them, as {@code cdk deploy} does. A CDK upgrade that recommends more fails here until
 * cdk.json has them.
 */
class FeatureFlagsTest {

    @Test
    void cdkJsonHoldsTheLibrarysRecommendedFlagsAndTheAppUsesThem() throws IOException {
        Map<String, Object> recommended = new TreeMap<>(recommendedFlags());
        assertEquals(true, recommended.size() > 50, "read " + recommended.size() + " recommended flags");
        InfraApp.DELIBERATE_FLAGS.forEach((flag, value) -> assertNotNull(recommended.put(flag, value),
                flag + " is no longer a recommended flag: drop it from InfraApp.DELIBERATE_FLAGS"));
        Map<String, Object> context = new TreeMap<>(InfraApp.cdkJsonContext(FunctionJars.ofThisRepository().repositoryRoot()));
        assertEquals("dev", context.remove("stage"), "cdk.json's default stage");
        assertEquals(recommended, context, "cdk.json's flags (actual) and the recommended set (expected)");

        App app = InfraApp.newApp();
        recommended.forEach((flag, value) -> assertEquals(value, app.getNode().tryGetContext(flag), flag));
    }

    /** recommended-feature-flags.json from the jsii package (a .tgz) inside the aws-cdk-lib jar. */
    private static Map<String, Object> recommendedFlags() throws IOException {
        Path jar;
        try {
            jar = Path.of(App.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry tarball = file.stream()
                    .filter(entry -> entry.getName().matches("software/amazon/awscdk/aws-cdk-lib@[^/]+\\.jsii\\.tgz"))
                    .findFirst().orElse(null);
            assertNotNull(tarball, jar + " holds no jsii package");
            try (InputStream tar = new GZIPInputStream(file.getInputStream(tarball), 1 << 16)) {
                byte[] json = tarEntry(tar, "package/recommended-feature-flags.json");
                return new ObjectMapper().readValue(json, new TypeReference<Map<String, Object>>() { });
            }
        }
    }

    /** The named file of a tar stream (ustar headers: name, size in octal, 512-byte blocks). */
    private static byte[] tarEntry(InputStream tar, String name) throws IOException {
        byte[] header = new byte[512];
        while (tar.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
            String entryName = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            String path = prefix.isEmpty() ? entryName : prefix + "/" + entryName;
            long size = Long.parseLong(field(header, 124, 12).trim(), 8);
            long padded = (size + 511) / 512 * 512;
            if (path.equals(name)) {
                byte[] content = tar.readNBytes((int) size);
                tar.skipNBytes(padded - size);
                return content;
            }
            tar.skipNBytes(padded);
        }
        throw new AssertionError("no " + name + " in the jsii package");
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
