package dev.wagateway.shared.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogFormatTest {

    @Test
    void jsonInsideLambdaTextElsewhereAndTheVariableDecides() {
        assertEquals("JSON", LogFormat.choose(null, "send-message"));
        assertEquals("TEXT", LogFormat.choose(null, null));
        assertEquals("TEXT", LogFormat.choose("text", "send-message"));
        assertEquals("JSON", LogFormat.choose(" JSON ", null));
    }

    @Test
    void theProductionConfigurationWritesOneJsonObjectPerLineWithTheIdsOfTheRequest() throws Exception {
        String output = logWithProductionConfiguration("json", () -> {
            MDC.clear();
            MDC.put(CorrelationId.MDC_KEY, "corr-9");
            MDC.put(CorrelationId.LAMBDA_REQUEST_ID_MDC_KEY, "aws-req-3");
            try {
                org.slf4j.LoggerFactory.getLogger("dev.wagateway.probe").info("sent {} to {}", "msg_1", "+1555");
                org.slf4j.LoggerFactory.getLogger("dev.wagateway.probe").warn("second\nline");
            } finally {
                MDC.clear();
            }
        });
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(2, lines.size(), output);
        Map<String, Object> first = JsonMapper.createDefault().readValue(lines.getFirst(), Map.class);
        assertEquals("INFO", first.get("level"));
        assertEquals("dev.wagateway.probe", first.get("loggerName"));
        assertEquals("sent msg_1 to +1555", first.get("formattedMessage"));
        assertEquals(Map.of("correlationId", "corr-9", CorrelationId.LAMBDA_REQUEST_ID_MDC_KEY, "aws-req-3"), first.get("mdc"));
        Map<String, Object> second = JsonMapper.createDefault().readValue(lines.get(1), Map.class);
        assertEquals("second\nline", second.get("formattedMessage"), "a multi-line message stays one JSON line");
    }

    @Test
    void theProductionConfigurationWritesReadableTextLocally() throws Exception {
        String output = logWithProductionConfiguration("text", () -> {
            MDC.put(CorrelationId.MDC_KEY, "corr-10");
            try {
                org.slf4j.LoggerFactory.getLogger("dev.wagateway.probe").info("hello");
            } finally {
                MDC.clear();
            }
        });
        assertTrue(output.contains("INFO  dev.wagateway.probe [corr-10] hello"), output);
    }

    /** Runs {@code logging} under a fresh logback set up as in production (LogbackConfiguration), capturing stdout. */
    private static String logWithProductionConfiguration(String format, Runnable logging) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String previousFormat = System.getProperty("LOG_FORMAT");
        LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.setProperty("LOG_FORMAT", format);
        try {
            context.reset();
            LogbackConfiguration.configure(context, LogFormat.choose(format, null), null);
            logging.run();
        } finally {
            System.setOut(original);
            restore("LOG_FORMAT", previousFormat);
            context.reset();
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getResource("/logback-test.xml"));
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
