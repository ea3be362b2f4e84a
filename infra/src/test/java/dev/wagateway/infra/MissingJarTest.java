package dev.wagateway.infra;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stack without its code must never synthesize. */
class MissingJarTest {

    @TempDir
    Path repository;

    @Test
    void requireNamesTheMissingJar() throws IOException {
        FunctionJars jars = new FunctionJars(repository, "9.9.9");
        Path expected = repository.resolve("functions/send-message/target/send-message-9.9.9.jar");
        FunctionJars.MissingFunctionJarException missing = assertThrows(FunctionJars.MissingFunctionJarException.class,
                () -> jars.require(GatewayFunction.SEND_MESSAGE));
        assertTrue(missing.getMessage().contains(expected.toString()), missing.getMessage());
        assertTrue(missing.getMessage().contains("mvn"), "says how to build it: " + missing.getMessage());

        Files.createDirectories(expected.getParent());
        Files.write(expected, new byte[] {'P', 'K'});
        assertTrue(jars.require(GatewayFunction.SEND_MESSAGE).equals(expected));
    }

    @Test
    void synthStopsAtTheFirstMissingJarAndNamesIt() throws IOException {
        FunctionJars jars = new FunctionJars(repository, "9.9.9");
        for (GatewayFunction function : GatewayFunction.values()) {
            if (function.module().equals("upsert-contact")) {
                continue;
            }
            Path jar = jars.pathOf(function);
            Files.createDirectories(jar.getParent());
            Files.write(jar, new byte[] {'P', 'K'});
        }
        NodeRuntime.require();
        FunctionJars.MissingFunctionJarException missing = assertThrows(FunctionJars.MissingFunctionJarException.class,
                () -> InfraApp.build(InfraApp.newApp(), StageConfig.dev(), jars, null, null, null, null));
        assertTrue(missing.getMessage().contains(jars.pathOf(GatewayFunction.UPSERT_CONTACT).toString()),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("UpsertContact"), missing.getMessage());
    }

    @Test
    void theRepositoryRootIsFoundFromInfra() {
        Path root = FunctionJars.findRepositoryRoot(Path.of("").toAbsolutePath());
        assertTrue(Files.isRegularFile(root.resolve("infra/pom.xml")), root.toString());
        assertThrows(IllegalStateException.class, () -> FunctionJars.findRepositoryRoot(repository));
    }
}
