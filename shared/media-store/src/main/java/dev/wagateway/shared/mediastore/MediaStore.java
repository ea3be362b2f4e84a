package dev.wagateway.shared.mediastore;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The media bucket: files put streamed (a known size: one PutObject reading the stream as it goes; an
 * unknown one: a multipart upload holding one part at a time), presigned GETs, deletes.
 */
@Singleton
public class MediaStore {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final MediaStorageConfiguration settings;

    public MediaStore(S3Client s3, S3Presigner presigner, MediaStorageConfiguration settings) {
        this.s3 = s3;
        this.presigner = presigner;
        this.settings = settings;
    }

    /**
     * Puts what {@code content} holds under {@code key}, reading it once, as it arrives; answers the bytes written.
     * With {@code size} present the stream must hold exactly that many bytes (else S3 refuses the put).
     */
    public long put(String key, InputStream content, OptionalLong size, @Nullable String contentType,
                    @Nullable String fileName) throws IOException {
        String type = contentType == null ? "application/octet-stream" : contentType;
        String disposition = fileName == null ? null : "attachment; filename*=UTF-8''" + encode(fileName);
        if (size.isPresent()) {
            CountingInputStream counted = new CountingInputStream(content);
            s3.putObject(request -> request.bucket(bucket()).key(key).contentType(type).contentDisposition(disposition)
                    .contentLength(size.getAsLong()), RequestBody.fromInputStream(counted, size.getAsLong()));
            return counted.count();
        }
        return multipart(key, content, type, disposition);
    }

    private long multipart(String key, InputStream content, String type, @Nullable String disposition) throws IOException {
        String uploadId = s3.createMultipartUpload(request -> request.bucket(bucket()).key(key).contentType(type)
                .contentDisposition(disposition)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = new byte[(int) Math.max(5L * 1024 * 1024, settings.partSize())];
            long total = 0;
            int number = 1;
            while (true) {
                int filled = content.readNBytes(buffer, 0, buffer.length);
                if (filled == 0 && number > 1) {
                    break;
                }
                int partNumber = number;
                String etag = s3.uploadPart(request -> request.bucket(bucket()).key(key).uploadId(uploadId)
                        .partNumber(partNumber).contentLength((long) filled), RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, filled))).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                total += filled;
                number++;
                if (filled < buffer.length) {
                    break;
                }
            }
            s3.completeMultipartUpload(request -> request.bucket(bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
            return total;
        } catch (IOException | RuntimeException e) {
            s3.abortMultipartUpload(request -> request.bucket(bucket()).key(key).uploadId(uploadId));
            throw e;
        }
    }

    /** A GET of {@code key} anyone holding the URL may make, for {@code media.storage.presign-duration}. */
    public URI presignGet(String key) {
        try {
            return presigner.presignGetObject(request -> request.signatureDuration(settings.presignDuration())
                    .getObjectRequest(get -> get.bucket(bucket()).key(key))).url().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bucket; a {@link MediaStoreNotConfiguredException} when none is set. */
    private String bucket() {
        String bucket = settings.bucket();
        if (bucket == null || bucket.isBlank()) {
            throw new MediaStoreNotConfiguredException();
        }
        return bucket;
    }

    /** No media bucket is configured ({@code MEDIA_STORAGE_BUCKET}). */
    public static final class MediaStoreNotConfiguredException extends RuntimeException {
        MediaStoreNotConfiguredException() {
            super("No media bucket is configured (MEDIA_STORAGE_BUCKET)");
        }
    }

    /** How long a presigned GET works. */
    public java.time.Duration presignDuration() {
        return settings.presignDuration();
    }

    /** Whether the bucket holds {@code key}. */
    public boolean exists(String key) {
        try {
            s3.headObject(request -> request.bucket(bucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** The object's bytes, streamed (the caller closes it). */
    public InputStream open(String key) {
        return s3.getObject(request -> request.bucket(bucket()).key(key));
    }

    /** Removes {@code key}; a key that is not there is no error (S3's own rule). */
    public void delete(String key) {
        s3.deleteObject(request -> request.bucket(bucket()).key(key));
    }

    private static String encode(String fileName) {
        return URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Counts what passes through it. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }
}
