package dev.wagateway.shared.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback set up in code (found through {@code META-INF/services}, before logback looks for any file): no
 * XML parse at a cold start. JSON (one object per line, for CloudWatch) inside AWS Lambda or with
 * {@code LOG_FORMAT=json}, readable text elsewhere ({@link LogFormat}); the root level from {@code LOG_LEVEL}
 * (system property, then environment variable; INFO by default).
 *
 * <p>A {@code logback-test.xml} on the classpath (the tests') or {@code -Dlogback.configurationFile} still wins:
 * this configurator then steps aside for logback's own.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public class LogbackConfiguration extends ContextAwareBase implements Configurator {

    static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{36} [%X{correlationId:-}] %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogbackConfiguration.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configure(context, LogFormat.choose(property("LOG_FORMAT"), System.getenv("AWS_LAMBDA_FUNCTION_NAME")),
                property("LOG_LEVEL"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** {@code format} is JSON or TEXT; {@code level} a logback level name, or null for INFO. */
    static void configure(LoggerContext context, String format, String level) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(format);
        console.setEncoder("JSON".equals(format) ? json(context) : text(context));
        console.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        root.addAppender(console);
        // Only on the local run's classpath: their start-up chatter says nothing a user needs.
        context.getLogger("io.zonky").setLevel(Level.WARN);
        context.getLogger("org.flywaydb").setLevel(Level.WARN);
        context.getLogger("org.testcontainers.dockerclient").setLevel(Level.OFF);
        // At DEBUG/TRACE the HTTP client logs request headers, and the Graph API's hold the access token.
        context.getLogger("io.micronaut.http.client").setLevel(Level.INFO);
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithThreadName(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }
}
