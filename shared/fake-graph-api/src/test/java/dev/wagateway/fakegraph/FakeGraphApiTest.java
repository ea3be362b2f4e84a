package dev.wagateway.fakegraph;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakeGraphApiTest {

    private final FakeGraphApi fake = new FakeGraphApi("token-1");
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        fake.close();
    }

    private HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + pathAndQuery));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/555/messages"))
                .header("Authorization", "Bearer token-1").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pagesTemplatesUntilNextIsAbsent() throws Exception {
        List<String> pages = new ArrayList<>();
        String query = "/waba-1/message_templates?limit=2";
        while (query != null) {
            HttpResponse<String> response = get(query, "token-1");
            assertEquals(200, response.statusCode());
            pages.add(response.body());
            int next = response.body().indexOf("\"next\":\"");
            query = next < 0 ? null : response.body().substring(next + 8, response.body().indexOf('"', next + 8))
                    .substring(fake.baseUrl().length());
        }
        assertEquals(2, pages.size());
        assertTrue(pages.get(0).contains("order_update") && pages.get(0).contains("welcome"));
        assertTrue(pages.get(1).contains("otp_code") && !pages.get(1).contains("\"next\""));
        assertEquals("2", fake.requests().getFirst().query().get("limit"));
    }

    @Test
    void refusesAWrongTokenWithCode190() throws Exception {
        HttpResponse<String> response = get("/waba-1/message_templates", "wrong");
        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains("\"code\": 190"));
        assertEquals(401, get("/waba-1/message_templates", null).statusCode());
    }

    @Test
    void aUserIsAddressedByPhoneInToOrByBsuidInRecipientAndToWins() throws Exception {
        HttpResponse<String> byBsuid = post("{\"messaging_product\":\"whatsapp\",\"recipient\":\"US.13491208655302741918\","
                + "\"type\":\"text\",\"text\":{\"body\":\"hi\"}}");
        assertEquals(200, byBsuid.statusCode(), byBsuid.body());
        assertTrue(byBsuid.body().contains("\"user_id\":\"US.13491208655302741918\"") && !byBsuid.body().contains("wa_id"),
                byBsuid.body());
        HttpResponse<String> both = post("{\"messaging_product\":\"whatsapp\",\"to\":\"16505551234\","
                + "\"recipient\":\"US.13491208655302741918\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}");
        assertTrue(both.body().contains("\"wa_id\":\"16505551234\"") && !both.body().contains("user_id"), both.body());
        for (String wrong : List.of("\"recipient\":\"us.1349\"", "\"recipient\":\"16505551234\"", "\"to\":\"US.1349\"",
                "\"to\":\"1\"", "\"to\":7")) {
            HttpResponse<String> refused = post("{\"messaging_product\":\"whatsapp\"," + wrong
                    + ",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}");
            assertEquals(400, refused.statusCode(), wrong);
            assertTrue(refused.body().contains("\"code\":100"), refused.body());
        }
    }

    @Test
    void sendsAnswerWamidsAndBadShapesAnswerCode100() throws Exception {
        HttpResponse<String> ok = post("{\"messaging_product\":\"whatsapp\",\"to\":\"+16505551234\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}");
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("\"id\":\"wamid."), ok.body());
        HttpResponse<String> bad = post("{\"messaging_product\":\"whatsapp\",\"to\":\"+16505551234\",\"type\":\"text\",\"image\":{}}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("\"code\":100"), bad.body());
        assertEquals(2, fake.sends().size());
        assertEquals("hi", ((Map<?, ?>) fake.sends().getFirst().json().get("text")).get("body"));
    }

    @Test
    void wamidsCountOnFromWhereTheyAreSetToStart() throws Exception {
        String body = "{\"messaging_product\":\"whatsapp\",\"to\":\"16505551234\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}";
        assertTrue(post(body).body().contains(madeUpWamid("FAKE0000000000000001")));
        fake.wamidsFrom(1_700_000_000_000_000L);
        assertTrue(post(body).body().contains(madeUpWamid("FAKE1700000000000000")));
        assertTrue(post(body).body().contains(madeUpWamid("FAKE1700000000000001")));
    }

    private static String madeUpWamid(String counter) {
        return "wamid.HBgL" + Base64.getEncoder().encodeToString(counter.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void faultsHitTheNextRequestsInOrder() throws Exception {
        fake.enqueue(Fault.pass(), Fault.metaError(131047), Fault.httpStatus(429), Fault.httpStatus(500), Fault.drop(),
                Fault.slow(Duration.ofMillis(300)));
        String body = "{\"messaging_product\":\"whatsapp\",\"to\":\"16505551234\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}";
        assertEquals(200, post(body).statusCode());
        HttpResponse<String> window = post(body);
        assertEquals(400, window.statusCode());
        assertTrue(window.body().contains("131047"));
        assertEquals(429, post(body).statusCode());
        assertEquals(500, post(body).statusCode());
        assertThrows(IOException.class, () -> post(body));
        long started = System.nanoTime();
        assertEquals(200, post(body).statusCode());
        assertTrue(System.nanoTime() - started >= 300_000_000L);
        assertEquals(6, fake.requestCount());
        for (int code : new int[]{100, 190, 130429, 131047, 131056, 132000, 132001, 132012, 131026, 80007, 80008}) {
            fake.enqueue(Fault.metaError(code));
            HttpResponse<String> error = post(body);
            assertEquals(code == 190 ? 401 : 400, error.statusCode());
            assertTrue(error.body().replace(" ", "").contains("\"code\":" + code), error.body());
        }
    }

    @Test
    void interactiveLocationAndContactsFollowMetasRules() throws Exception {
        String buttons = "{\"messaging_product\":\"whatsapp\",\"to\":\"+16505551234\",\"type\":\"interactive\",\"interactive\":"
                + "{\"type\":\"button\",\"body\":{\"text\":\"Pick\"},\"action\":{\"buttons\":[%s]}}}";
        String button = "{\"type\":\"reply\",\"reply\":{\"id\":\"b%d\",\"title\":\"B%d\"}}";
        assertEquals(200, post(buttons.formatted(String.format(button, 1, 1) + "," + String.format(button, 2, 2))).statusCode());
        HttpResponse<String> four = post(buttons.formatted(String.join(",", java.util.stream.IntStream.rangeClosed(1, 4)
                .mapToObj(n -> String.format(button, n, n)).toList())));
        assertEquals(400, four.statusCode());
        assertTrue(four.body().contains("\"code\":131009") && four.body().contains("1 to 3 buttons"), four.body());
        assertEquals(400, post(buttons.formatted(String.format(button, 1, 1) + "," + String.format(button, 1, 2))).statusCode(),
                "button ids are unique");
        assertEquals(200, post("{\"messaging_product\":\"whatsapp\",\"to\":\"+16505551234\",\"type\":\"location\","
                + "\"location\":{\"latitude\":37.4,\"longitude\":-122.1}}").statusCode());
        HttpResponse<String> noName = post("{\"messaging_product\":\"whatsapp\",\"to\":\"+16505551234\",\"type\":\"contacts\","
                + "\"contacts\":[{\"name\":{\"formatted_name\":\"Ana\"}}]}");
        assertEquals(400, noName.statusCode());
        assertTrue(noName.body().contains("\"code\":131008"), noName.body());
        assertEquals(200, post("{\"messaging_product\":\"whatsapp\",\"to\":\"+16505551234\",\"type\":\"contacts\","
                + "\"contacts\":[{\"name\":{\"formatted_name\":\"Ana Lopez\",\"first_name\":\"Ana\"}}]}").statusCode());
    }

    @Test
    void aReadReceiptWithOrWithoutTheTypingIndicatorIsASuccess() throws Exception {
        HttpResponse<String> read = post("{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\"wamid.ABC\"}");
        assertEquals(200, read.statusCode());
        assertEquals("{\"success\":true}", read.body());
        assertEquals(200, post("{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\"wamid.ABC\","
                + "\"typing_indicator\":{\"type\":\"text\"}}").statusCode());
        assertEquals(400, post("{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\"wamid.ABC\","
                + "\"typing_indicator\":{\"type\":\"audio\"}}").statusCode());
        assertEquals(400, post("{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\"nope\"}").statusCode());
        assertEquals(4, fake.readReceipts().size());
    }
}
