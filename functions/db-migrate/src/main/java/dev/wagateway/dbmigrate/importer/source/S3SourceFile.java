package dev.wagateway.dbmigrate.importer.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Downloads a legacy file from S3 into a private temporary directory: SQLite needs a file it can seek
 * in, so the object is streamed to disk (never held in memory), then checked against its size and,
 * where S3's ETag is the content's MD5, against that.
 */
public final class S3SourceFile {

    private static final Logger LOG = LoggerFactory.getLogger(S3SourceFile.class);
    // A single-part upload's ETag is the MD5 of the bytes; multipart ETags ("...-N") are not.
    private static final Pattern MD5_ETAG = Pattern.compile("^[0-9a-f]{32}$");

    private final S3Client s3;

    public S3SourceFile(S3Client s3) {
        this.s3 = s3;
    }

    /**
     * The object as a local file in a new directory under {@code downloadDirectory}; closing the result
     * deletes it. On any failure nothing is left behind.
     *
     * @throws SourceUnavailableException with a one-line reason
     */
    public SourceFile download(S3Location location, Path downloadDirectory) {
        Path directory;
        try {
            Files.createDirectories(downloadDirectory);
            directory = Files.createTempDirectory(downloadDirectory, "db-migrate-import-");
        } catch (IOException e) {
            throw new SourceUnavailableException("Cannot create a download directory in " + downloadDirectory + ": " + e.getMessage(), e);
        }
        try {
            Path file = directory.resolve(location.fileName());
            fetch(location, file);
            return new SourceFile(file, location.toString(), directory);
        } catch (RuntimeException | Error e) {
            SourceFile.deleteTree(directory);
            throw e;
        }
    }

    private void fetch(S3Location location, Path file) {
        GetObjectRequest request = GetObjectRequest.builder().bucket(location.bucket()).key(location.key()).build();
        try (ResponseInputStream<GetObjectResponse> body = s3.getObject(request)) {
            GetObjectResponse response = body.response();
            long expected = response.contentLength() == null ? -1 : response.contentLength();
            long free = Files.getFileStore(file.getParent()).getUsableSpace();
            if (expected > free) {
                body.abort();
                throw new SourceUnavailableException(location + " is " + megabytes(expected) + " but " + file.getParent()
                        + " has only " + megabytes(free) + " free; choose a larger download directory");
            }
            LOG.info("Downloading {} ({}) to {}", location, megabytes(expected), file);
            MessageDigest md5 = md5();
            long written;
            try (InputStream in = new DigestInputStream(body, md5); OutputStream out = Files.newOutputStream(file)) {
                written = in.transferTo(out);
            } catch (IOException | SdkException e) {
                throw new SourceUnavailableException("The download of " + location + " broke off: " + oneLine(e), e);
            }
            if (expected >= 0 && written != expected) {
                throw new SourceUnavailableException("The download of " + location + " is incomplete: " + written + " of "
                        + expected + " bytes");
            }
            String etag = response.eTag() == null ? "" : response.eTag().replace("\"", "").toLowerCase(Locale.ROOT);
            if (etagIsMd5(etag, response.serverSideEncryption())) {
                String actual = HexFormat.of().formatHex(md5.digest());
                if (!actual.equals(etag)) {
                    throw new SourceUnavailableException("The download of " + location + " does not match its ETag "
                            + etag + " (MD5 of what arrived: " + actual + ")");
                }
            }
        } catch (NoSuchKeyException e) {
            throw new SourceUnavailableException("Cannot read " + location + ": the bucket has no object with that key (NoSuchKey)", e);
        } catch (NoSuchBucketException e) {
            throw new SourceUnavailableException("Cannot read " + location + ": there is no bucket named " + location.bucket()
                    + " (NoSuchBucket)", e);
        } catch (S3Exception e) {
            throw new SourceUnavailableException(describe(location, e), e);
        } catch (SdkClientException e) {
            throw new SourceUnavailableException(describe(location, e), e);
        } catch (IOException e) {
            throw new SourceUnavailableException("Cannot read " + location + ": " + oneLine(e), e);
        }
    }

    private static boolean etagIsMd5(String etag, ServerSideEncryption encryption) {
        // Under SSE-KMS (or SSE-C) the ETag of even a single-part object is not its MD5.
        boolean plainEncryption = encryption == null || encryption == ServerSideEncryption.AES256;
        return plainEncryption && MD5_ETAG.matcher(etag).matches();
    }

    private static String describe(S3Location location, S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if (e.statusCode() == 403 || "AccessDenied".equals(code)) {
            return "Cannot read " + location + ": access denied (" + (code == null ? "HTTP 403" : code) + "); the caller needs "
                    + "s3:GetObject on it, and s3:ListBucket on the bucket to tell a missing key from a forbidden one";
        }
        if (e.statusCode() == 404) {
            return "Cannot read " + location + ": not found (" + (code == null ? "HTTP 404" : code) + ")";
        }
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return "Cannot read " + location + ": S3 answered " + (code == null ? "" : code + " ") + "(HTTP " + e.statusCode() + ")"
                + (message == null ? "" : ": " + oneLine(message));
    }

    private static String describe(S3Location location, SdkClientException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.contains("Unable to load credentials")) {
            return "Cannot read " + location + ": no AWS credentials found (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, or run where a role provides them)";
        }
        return "Cannot read " + location + ": " + oneLine(message);
    }

    private static String oneLine(Throwable e) {
        return oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s*\\R\\s*", " ");
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }

    private static String megabytes(long bytes) {
        return bytes < 0 ? "size unknown" : String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
