package dev.wagateway.openapicheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the generated documents on the classpath. Only the JDK: the local module's build runs
 * {@link CombinedDocument} from this module alone, without its dependencies.
 */
final class GeneratedDocuments {

    private static final String SWAGGER_FOLDER = "META-INF/swagger";

    private GeneratedDocuments() {
    }

    /**
     * Every generated document on the classpath ({@code META-INF/swagger/*.yml}, in folders and jars): in a
     * function's tests, that function's one document.
     */
    static List<URL> onClasspath() {
        List<URL> documents = new ArrayList<>();
        try {
            for (URL folder : Collections.list(GeneratedDocuments.class.getClassLoader().getResources(SWAGGER_FOLDER))) {
                if ("file".equals(folder.getProtocol())) {
                    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
                        for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                            documents.add(file.toUri().toURL());
                        }
                    }
                } else if (folder.openConnection() instanceof JarURLConnection jar) {
                    // The connection's cached jar: closing it would close it for the class loader too.
                    JarFile file = jar.getJarFile();
                    for (JarEntry entry : Collections.list(file.entries())) {
                        String name = entry.getName();
                        if (name.startsWith(SWAGGER_FOLDER + "/") && name.endsWith(".yml") && name.indexOf('/', SWAGGER_FOLDER.length() + 1) < 0) {
                            documents.add(new URL("jar:" + jar.getJarFileURL() + "!/" + name));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return documents;
    }
}
