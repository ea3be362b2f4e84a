package dev.wagateway.media;

import dev.wagateway.shared.problem.ProblemException;
import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file of a {@code multipart/form-data} upload (RFC 7578), read from the whole body (an upload through the API is
 * at most a few MB, already in memory): the part named {@code file}, or else the only part that names a file name;
 * its bytes, its own Content-Type and file name. Over the Lambda handler and the local server alike, where the
 * frameworks' multipart support differs.
 *
 * @param bytes       the part's content
 * @param contentType the part's Content-Type, if it says one
 * @param fileName    the part's {@code filename}, if any
 */
record MultipartFile(byte[] bytes, @Nullable String contentType, @Nullable String fileName) {

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("(?i)(?:^|;)\\s*filename=\"([^\"]*)\"");
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

    static boolean is(@Nullable String contentType) {
        return contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** The file in the body; a 400 when the body is not a multipart body with one file. */
    static MultipartFile of(byte[] body, String contentType) {
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            throw ProblemException.invalidField("Content-Type", "multipart/form-data needs its boundary parameter");
        }
        byte[] delimiter = ("--" + (boundary.group(1) != null ? boundary.group(1) : boundary.group(2))).getBytes(StandardCharsets.ISO_8859_1);
        MultipartFile named = null;
        MultipartFile onlyFile = null;
        int files = 0;
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int partStart = at + delimiter.length;
            if (startsWith(body, partStart, new byte[] {'-', '-'})) {
                break;
            }
            int headersStart = partStart + CRLF.length;
            int headersEnd = indexOf(body, HEADERS_END, headersStart);
            int next = indexOf(body, concat(CRLF, delimiter), headersStart);
            if (headersEnd < 0 || next < 0 || headersEnd > next) {
                throw ProblemException.invalidField("body", "is not a complete multipart/form-data body");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            byte[] content = Arrays.copyOfRange(body, headersEnd + HEADERS_END.length, next);
            String disposition = header(headers, "content-disposition").orElse("");
            String name = group(NAME, disposition);
            String fileName = group(FILE_NAME, disposition);
            MultipartFile part = new MultipartFile(content, header(headers, "content-type").orElse(null), fileName);
            if ("file".equals(name)) {
                named = part;
            }
            if (fileName != null) {
                files++;
                onlyFile = part;
            }
            at = next + CRLF.length;
        }
        if (named != null) {
            return named;
        }
        if (files == 1) {
            return onlyFile;
        }
        throw ProblemException.invalidField("body", "must hold the file in a part named \"file\" (multipart/form-data)");
    }

    private static Optional<String> header(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                return Optional.of(line.substring(colon + 1).strip());
            }
        }
        return Optional.empty();
    }

    private static @Nullable String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static boolean startsWith(byte[] body, int at, byte[] prefix) {
        return at + prefix.length <= body.length && Arrays.equals(body, at, at + prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] body, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= body.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
