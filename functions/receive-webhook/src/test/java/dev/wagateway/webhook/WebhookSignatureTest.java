package dev.wagateway.webhook;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Meta's signature over the raw bytes, made on clones of one keyed Mac: the same answer from any number of threads. */
class WebhookSignatureTest {

    @Test
    void theSignatureIsHmacSha256OfTheBytesUnderTheAppSecret() throws Exception {
        // RFC 4231, test case 2: key "Jefe".
        WebhookSignature signature = new WebhookSignature("Jefe");
        byte[] body = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", signature.header(body));
        assertTrue(signature.matches("SHA256=5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843", body));
        assertFalse(signature.matches("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3844", body));
        assertFalse(signature.matches("sha256=not-hex", body));
        assertFalse(signature.matches(null, body));
    }

    @Test
    void manyThreadsAtOnceEachGetTheirBodysSignature() throws Exception {
        WebhookSignature signature = new WebhookSignature("app-secret-\u00e9");
        Mac reference = Mac.getInstance("HmacSHA256");
        reference.init(new SecretKeySpec("app-secret-\u00e9".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        List<byte[]> bodies = IntStream.range(0, 2_000).mapToObj(i -> ("{\"entry\":[" + i + "]}").getBytes(StandardCharsets.UTF_8)).toList();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> made = bodies.stream().map(body -> threads.submit(() -> signature.header(body))).toList();
            for (int i = 0; i < bodies.size(); i++) {
                assertEquals("sha256=" + HexFormat.of().formatHex(reference.doFinal(bodies.get(i))), made.get(i).get(), "body " + i);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
