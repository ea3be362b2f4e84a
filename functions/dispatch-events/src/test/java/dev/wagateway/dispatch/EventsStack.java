package dev.wagateway.dispatch;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.lambdaevents.LambdaEvents;
import dev.wagateway.localsqs.LocalEventSource;
import dev.wagateway.localsqs.LocalSqs;
import io.micronaut.context.ApplicationContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events pipeline as deployed, on loopback: a database of its own, ElasticMQ with the event
 * queue, and dispatchers fed by an event source mapping like Lambda's. Delivery settings are
 * shortened (retries after 200 ms, a 2 s lease) so the tests run in seconds.
 */
final class EventsStack implements AutoCloseable {

    final DatabaseCoordinates database;
    final LocalSqs sqs;
    private final List<AutoCloseable> closing = new ArrayList<>();

    EventsStack(String name) {
        database = TestDatabases.instance().create(name);
        sqs = LocalSqs.start(0, 2);
    }

    Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>(database.datasourceProperties());
        properties.putAll(sqs.properties());
        properties.put("datasources.default.maximum-pool-size", "8");
        properties.put("events.delivery.allow-plain-http", "true");
        properties.put("events.delivery.allow-private-addresses", "true");
        properties.put("events.delivery.retry-delays", "200ms,400ms");
        properties.put("events.delivery.retry-window", "1h");
        properties.put("events.delivery.lease", "2s");
        properties.put("events.delivery.sweep-after", "1s");
        properties.put("events.delivery.jitter", "0");
        return properties;
    }

    /** A context of the dispatcher's beans (and the writers' outbox), with extra properties. */
    ApplicationContext context(Map<String, Object> extra) {
        Map<String, Object> properties = properties();
        properties.putAll(extra);
        ApplicationContext context = ApplicationContext.run(properties);
        closing.add(context);
        return context;
    }

    /** Dispatchers polling the queue, as Lambda's event source mapping runs them. */
    LocalEventSource dispatchers(ApplicationContext context, int pollers) {
        DispatchHandler handler = new DispatchHandler(context);
        LocalEventSource source = new LocalEventSource(sqs.client(), sqs.queueUrl(), event -> handler.handleRequest(event, LambdaEvents.context()), pollers);
        closing.add(source);
        return source;
    }

    @Override
    public void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        sqs.close();
    }
}
