package dev.wagateway.dbmigrate.importer.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * The legacy file an import reads, and where it came from. A downloaded copy lives in a directory of
 * its own (SQLite may put a journal or WAL index beside it), which {@link #close()} deletes.
 */
public final class SourceFile implements AutoCloseable {

    private final Path path;
    private final String name;
    private final Path temporaryDirectory;

    SourceFile(Path path, String name, Path temporaryDirectory) {
        this.path = path;
        this.name = name;
        this.temporaryDirectory = temporaryDirectory;
    }

    /**
     * A local path as it is, or an {@code s3://bucket/key} downloaded into {@code downloadDirectory}.
     *
     * @param s3 asked for a client only when the argument is an s3:// URI
     */
    public static SourceFile open(String argument, Path downloadDirectory, Supplier<S3Client> s3) {
        if (!S3Location.isUri(argument)) {
            Path local = Path.of(argument);
            return new SourceFile(local, local.getFileName().toString(), null);
        }
        S3Location location;
        try {
            location = S3Location.parse(argument);
        } catch (IllegalArgumentException e) {
            throw new SourceUnavailableException(e.getMessage());
        }
        try (S3Client client = s3.get()) {
            return new S3SourceFile(client).download(location, downloadDirectory);
        }
    }

    /** The file to read. */
    public Path path() {
        return path;
    }

    /** What import_runs records as the source: the file name, or the s3:// URI. */
    public String name() {
        return name;
    }

    /** Deletes the downloaded copy; a local file is left alone. */
    @Override
    public void close() {
        if (temporaryDirectory != null) {
            deleteTree(temporaryDirectory);
        }
    }

    static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the downloaded copy in " + directory, e);
        }
    }
}
