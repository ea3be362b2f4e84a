package dev.wagateway.events;

import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event queue's bodies: one event, several packed, a retry; anything else is no event message. */
class EventMessageTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    @Test
    void packedBodiesReadBackAsTheirFanOutsInOrder() throws Exception {
        List<String> ids = List.of("evt_01", "evt_02", "evt_03");
        String body = EventMessage.pack(JSON, ids);
        assertEquals("{\"event_ids\":[\"evt_01\",\"evt_02\",\"evt_03\"]}", body);
        assertEquals(ids.stream().map(EventMessage::fanOut).toList(), EventMessage.readAll(JSON, body));
        assertEquals("{\"event_id\":\"evt_01\"}", EventMessage.pack(JSON, List.of("evt_01")), "one id: the one-event body");
    }

    @Test
    void oneEventAndRetryBodiesReadAsBefore() {
        assertEquals(List.of(EventMessage.fanOut("evt_1")), EventMessage.readAll(JSON, "{\"event_id\":\"evt_1\"}"));
        assertEquals(List.of(EventMessage.retry("evt_1", "wh_1")),
                EventMessage.readAll(JSON, "{\"event_id\":\"evt_1\",\"webhook_id\":\"wh_1\"}"));
    }

    @Test
    void whatIsNoEventMessageReadsAsNone() {
        for (String body : new String[] {null, "", "not json", "[]", "{}", "{\"event_ids\":[]}", "{\"event_ids\":[\"evt_1\",\"x\"]}",
                "{\"event_ids\":[\"evt_1\",null]}", "{\"event_ids\":\"evt_1\"}", "{\"event_id\":\"x\"}", "{\"event_ids\":[1,2]}"}) {
            assertTrue(EventMessage.readAll(JSON, body).isEmpty(), "no event message: " + body);
        }
    }

    @Test
    void aBodyPacksOneToTwentyIds() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= EventMessage.PACKED; i++) {
            many.add("evt_" + i);
        }
        assertThrows(IllegalArgumentException.class, () -> EventMessage.pack(JSON, many));
        assertThrows(IllegalArgumentException.class, () -> EventMessage.pack(JSON, List.of()));
    }
}
