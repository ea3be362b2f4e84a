package dev.wagateway.mediajobs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.lambdaevents.LambdaEvents;
import dev.wagateway.locals3.LocalS3;
import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.shared.message.MessageWriter;
import dev.wagateway.shared.message.ReceivedMessage;
import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The media job as deployed, on loopback: a database of its own, S3Proxy with the media bucket, Meta's
 * Graph API (the fake), and the job's Lambda handler fed SQS events as Lambda's event source mapping feeds it.
 */
final class MediaStack implements AutoCloseable {

    static final String TOKEN = "media-test-token";
    static final String BUCKET = "wa-gateway-media";

    final DatabaseCoordinates database;
    final Sql sql;
    final LocalS3 s3;
    final FakeGraphApi graph;
    final ApplicationContext context;
    final MediaJobHandler handler;

    MediaStack(String name) {
        database = TestDatabases.instance().create(name);
        sql = new Sql(database);
        s3 = LocalS3.startTemporary().bucket(BUCKET);
        graph = new FakeGraphApi(TOKEN);
        Map<String, Object> properties = new HashMap<>(database.datasourceProperties());
        properties.put("media.storage.bucket", BUCKET);
        properties.put("media.storage.endpoint", s3.endpoint().toString());
        properties.put("media.storage.access-key-id", LocalS3.ACCESS_KEY);
        properties.put("media.storage.secret-access-key", LocalS3.SECRET_KEY);
        properties.put("whatsapp.access-token", TOKEN);
        properties.put("whatsapp.graph.base-url", graph.baseUrl());
        properties.put("whatsapp.graph.initial-backoff", "10ms");
        properties.put("whatsapp.phone-number-id", "106540352242922");
        context = ApplicationContext.run(properties);
        handler = new MediaJobHandler(context);
    }

    /** Stores an inbound message as receive-webhook does (its media noted pending, its message.received written). */
    String receive(String wamid, String type, String mediaObjectJson) {
        String raw = "{\"from\":\"16505551234\",\"id\":\"" + wamid + "\",\"timestamp\":\"1763793600\",\"type\":\"" + type + "\",\""
                + type + "\":" + mediaObjectJson + "}";
        MessageWriter writer = context.getBean(MessageWriter.class);
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);
        transactions.executeWrite(status -> {
            try {
                writer.lock(List.of(wamid));
                return writer.storeReceived(new ReceivedMessage(wamid, WhatsAppUser.ofPhone("+16505551234"), null, "Sheena", type,
                        null, null, null, Instant.parse("2026-11-22T06:40:00Z"), "106540352242922", "{}", raw));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return sql.queryValue("SELECT id FROM events WHERE type = 'message.received' AND message_id = "
                + "(SELECT id FROM messages WHERE whatsapp_message_id = '" + wamid + "')");
    }

    /** The media id (ours) of an inbound message. */
    String mediaIdOf(String wamid) {
        return sql.queryValue("SELECT media_id FROM media WHERE message_id = (SELECT id FROM messages WHERE whatsapp_message_id = '"
                + wamid + "')");
    }

    /** Hands the event ids to the job as one SQS batch, the way Lambda does. */
    SQSBatchResponse deliver(String... eventIds) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        int n = 0;
        for (String id : eventIds) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId("m-" + (n++));
            record.setBody("{\"event_id\":\"" + id + "\"}");
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return handler.handleRequest(event, LambdaEvents.context());
    }

    @Override
    public void close() {
        context.close();
        graph.close();
        s3.close();
    }
}
