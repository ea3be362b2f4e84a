package dev.wagateway.dbmigrate.importer.source;

/**
 * One object in S3.
 *
 * @param bucket the bucket name
 * @param key    the object key, exactly as stored (not URL-decoded)
 */
public record S3Location(String bucket, String key) {

    public static final String SCHEME = "s3://";

    public S3Location {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("No bucket given");
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("No object key given");
        }
    }

    public static boolean isUri(String text) {
        return text != null && text.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /** {@code s3://bucket/key/with/slashes}, as the AWS CLI writes it. */
    public static S3Location parse(String uri) {
        if (!isUri(uri)) {
            throw new IllegalArgumentException("Not an s3:// URI: " + uri);
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("Expected s3://BUCKET/KEY, got " + uri);
        }
        return new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** The file name part of the key, for the downloaded copy. */
    String fileName() {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.isBlank() || name.equals(".") || name.equals("..") ? "source.db" : name;
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
