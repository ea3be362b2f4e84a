package dev.wagateway.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where each function's shaded jar is: functions/&lt;module&gt;/target/&lt;module&gt;-&lt;version&gt;.jar under the
 * repository root. A missing jar stops the synth with a message that names it, so a deploy can never
 * ship a stack without its code.
 */
public final class FunctionJars {

    private final Path repositoryRoot;
    private final String version;

    public FunctionJars(Path repositoryRoot, String version) {
        this.repositoryRoot = repositoryRoot.toAbsolutePath().normalize();
        this.version = version;
    }

    /** The jars of the repository this process runs in, at the version this module was built with. */
    public static FunctionJars ofThisRepository() {
        return new FunctionJars(findRepositoryRoot(Path.of("").toAbsolutePath()), projectVersion());
    }

    public Path repositoryRoot() {
        return repositoryRoot;
    }

    /** The expected location, whether or not it exists. */
    public Path pathOf(GatewayFunction function) {
        String module = function.module();
        return repositoryRoot.resolve("functions").resolve(module).resolve("target")
                .resolve(module + "-" + version + ".jar");
    }

    /** The jar, which must exist. */
    public Path require(GatewayFunction function) {
        Path jar = pathOf(function);
        if (!Files.isRegularFile(jar)) {
            throw new MissingFunctionJarException(function, jar);
        }
        return jar;
    }

    /** Walks up from {@code start} to the directory that holds both functions/ and infra/. */
    static Path findRepositoryRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("functions")) && Files.isDirectory(dir.resolve("infra"))
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the wa-gateway repository root (a directory with pom.xml, "
                + "functions/ and infra/) above " + start + ". Run the CDK app from inside the repository.");
    }

    private static String projectVersion() {
        try (InputStream in = FunctionJars.class.getResourceAsStream("/wa-gateway-infra.properties")) {
            if (in == null) {
                throw new IllegalStateException("wa-gateway-infra.properties is missing: build infra with Maven");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("project.version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Thrown when a function's jar has not been built. */
    public static final class MissingFunctionJarException extends IllegalStateException {
        MissingFunctionJarException(GatewayFunction function, Path jar) {
            super("The Lambda code of " + function.constructId() + " is missing: " + jar + " does not exist. "
                    + "Build the function jars first, from the repository root: "
                    + "mvn -B -DskipTests package (or scripts/test, which builds and tests everything).");
        }
    }
}
