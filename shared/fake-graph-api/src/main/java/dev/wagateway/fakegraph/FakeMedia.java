package dev.wagateway.fakegraph;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The media Meta keeps for a business number, as the fake serves it: what {@code GET /{media-id}} describes
 * and what the URL it answers downloads. Bytes come from a supplier, so a 100 MB file is generated as it is
 * read and never held in memory.
 */
public final class FakeMedia {

    /**
     * One file Meta holds.
     *
     * @param announcedSha256 the sha256 (hex) {@code GET /{media-id}} answers; not the content's when a test says so
     */
    public record Item(String id, String mimeType, long size, String sha256, String announcedSha256,
                       Supplier<InputStream> content) {
    }

    /** A download URL handed out: it serves {@code mediaId} until {@code expires}. */
    record IssuedUrl(String mediaId, Instant expires) {
    }

    private final Map<String, Item> items = new ConcurrentHashMap<>();
    private final Map<String, IssuedUrl> urls = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1_000_000_000_000_000L);
    private volatile Duration urlLifetime = Duration.ofMinutes(5);
    private final java.util.concurrent.atomic.AtomicInteger expireNext = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Clock clock = Clock.systemUTC();

    /** Meta keeps {@code bytes} as a new media id (answered). */
    public String add(byte[] bytes, String mimeType) {
        return add(nextId(), bytes, mimeType);
    }

    /** Meta keeps {@code bytes} as {@code id} (the id a webhook named). */
    public String add(String id, byte[] bytes, String mimeType) {
        byte[] copy = bytes.clone();
        String sha256 = HexFormat.of().formatHex(digest().digest(copy));
        items.put(id, new Item(id, mimeType, copy.length, sha256, sha256, () -> new java.io.ByteArrayInputStream(copy)));
        return id;
    }

    /** Meta keeps {@code size} pseudo-random bytes (from {@code seed}) as {@code id}; they are made as they are read. */
    public String addGenerated(String id, long size, long seed, String mimeType) {
        Supplier<InputStream> content = () -> new GeneratedStream(size, seed);
        String sha256;
        try (DigestInputStream in = new DigestInputStream(content.get(), digest())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            sha256 = HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        items.put(id, new Item(id, mimeType, size, sha256, sha256, content));
        return id;
    }

    /** {@code GET /{id}} announces a sha256 that is not the content's, as a damaged copy would. */
    public void announceWrongSha256(String id) {
        Item item = items.get(id);
        items.put(id, new Item(item.id(), item.mimeType(), item.size(), item.sha256(), "0".repeat(64), item.content()));
    }

    /** How long a download URL serves its file (Meta: 5 minutes). */
    public void urlLifetime(Duration lifetime) {
        this.urlLifetime = lifetime;
    }

    /** Every URL handed out so far stops serving, as after its 5 minutes. */
    public void expireUrls() {
        urls.replaceAll((token, url) -> new IssuedUrl(url.mediaId(), Instant.EPOCH));
    }

    /** The next {@code count} URLs handed out have expired before anyone uses them (a download that came too late). */
    public void expireNext(int count) {
        expireNext.set(count);
    }

    /** Meta forgot the file (after 30 days, or deleted): its id and URLs answer nothing. */
    public void forget(String id) {
        items.remove(id);
    }

    public Item get(String id) {
        return items.get(id);
    }

    void clock(Clock clock) {
        this.clock = clock;
    }

    String nextId() {
        return String.valueOf(ids.incrementAndGet());
    }

    /** A new download token for {@code id}, valid for the URL lifetime. */
    String issueUrl(String id) {
        String token = UUID.randomUUID().toString().replace("-", "");
        boolean expired = expireNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        urls.put(token, new IssuedUrl(id, expired ? Instant.EPOCH : clock.instant().plus(urlLifetime)));
        return token;
    }

    /** The file a token serves now, or null when the token is unknown or expired. */
    Item forToken(String token) {
        IssuedUrl url = token == null ? null : urls.get(token);
        if (url == null || !clock.instant().isBefore(url.expires())) {
            return null;
        }
        return items.get(url.mediaId());
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code size} bytes from a seeded generator, made as they are read. */
    private static final class GeneratedStream extends InputStream {
        private final Random random;
        private final byte[] block = new byte[8192];
        private long left;
        private int position = block.length;

        GeneratedStream(long size, long seed) {
            this.left = size;
            this.random = new Random(seed);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            if (position == block.length) {
                random.nextBytes(block);
                position = 0;
            }
            int n = (int) Math.min(Math.min(length, block.length - position), left);
            System.arraycopy(block, position, target, offset, n);
            position += n;
            left -= n;
            return n;
        }
    }
}
