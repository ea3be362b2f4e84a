package dev.wagateway.automationworker;

import dev.wagateway.automation.FlowRunner;
import dev.wagateway.shared.automation.AutomationReads;
import dev.wagateway.shared.automation.AutomationRunWriter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The replies of one decision, written with it: each with its step (the rule, or the flow's node and
 * place), spaced {@code pair-interval} apart after the last message to the contact (Meta's pair rate limit).
 * Texts and template parameters take {@code {{name}}}, {@code {{phone}}}, {@code {{text}}} (also
 * {@code contact.name}, {@code contact.phone}, {@code message.text}) and the session's variables.
 */
@Singleton
class ReplyPlans {

    private final AutomationReads reads;
    private final AutomationRunWriter runs;
    private final AutomationConfiguration configuration;
    private final JsonMapper json;

    ReplyPlans(AutomationReads reads, AutomationRunWriter runs, AutomationConfiguration configuration, JsonMapper json) {
        this.reads = reads;
        this.runs = runs;
        this.configuration = configuration;
        this.json = json;
    }

    Plan plan(InboundMessage inbound, Instant now) {
        return new Plan(inbound, now);
    }

    String fill(@Nullable String text, InboundMessage inbound, Map<String, Object> variables) {
        Map<String, Object> values = new LinkedHashMap<>();
        String name = inbound.profileName() == null ? "" : inbound.profileName();
        String said = inbound.text() == null ? "" : inbound.text();
        values.put("name", name);
        values.put("contact.name", name);
        values.put("phone", inbound.phone());
        values.put("contact.phone", inbound.phone());
        values.put("text", said);
        values.put("message.text", said);
        values.putAll(variables);
        return FlowRunner.fill(text == null ? "" : text, values);
    }

    /** The replies of one decision, in order. */
    final class Plan {
        private final InboundMessage inbound;
        private Instant next;

        private Plan(InboundMessage inbound, Instant now) {
            this.inbound = inbound;
            Instant last = reads.lastOutbound(inbound.phone());
            Instant due = last == null ? now : last.plus(configuration.pairInterval());
            this.next = due.isAfter(now) ? due : now;
        }

        void text(String step, @Nullable Long ruleId, @Nullable Long flowId, @Nullable Long sessionId, String body) {
            if (body.isBlank()) {
                return;
            }
            write(step, ruleId, flowId, sessionId, "text", Map.of("body", body));
        }

        /** A template reply from a rule's response value; why it cannot be read, when it cannot. */
        Optional<String> template(String step, long ruleId, @Nullable String value, InboundMessage inbound) {
            if (value == null || value.isBlank()) {
                return Optional.of("the template rule names no template");
            }
            String name;
            String language = configuration.templateLanguage();
            List<Object> parameters = List.of();
            String written = value.strip();
            if (written.startsWith("{")) {
                Map<?, ?> object;
                try {
                    object = json.readValue(written, Map.class);
                } catch (IOException | RuntimeException e) {
                    return Optional.of("the template rule's value is not a JSON object {name, language, parameters}");
                }
                if (!(object != null && object.get("name") instanceof String n) || n.isBlank()) {
                    return Optional.of("the template rule's value has no name");
                }
                name = n;
                if (object.get("language") instanceof String l && !l.isBlank()) {
                    language = l;
                }
                if (object.get("parameters") instanceof List<?> list) {
                    parameters = new ArrayList<>(list);
                }
            } else {
                int colon = written.lastIndexOf(':');
                name = colon > 0 ? written.substring(0, colon) : written;
                if (colon > 0 && colon < written.length() - 1) {
                    language = written.substring(colon + 1);
                }
            }
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("name", name);
            payload.put("language", language);
            if (!parameters.isEmpty()) {
                List<Map<String, Object>> filled = new ArrayList<>();
                for (Object parameter : parameters) {
                    filled.add(Map.of("type", "text", "text", fill(String.valueOf(parameter), inbound, Map.of())));
                }
                payload.put("components", List.of(Map.of("type", "body", "parameters", filled)));
            }
            write(step, ruleId, null, null, "template", payload);
            return Optional.empty();
        }

        private void write(String step, @Nullable Long ruleId, @Nullable Long flowId, @Nullable Long sessionId, String kind,
                           Map<String, Object> payload) {
            runs.reply(inbound.id(), new AutomationRunWriter.NewReply(step, inbound.phone(), ruleId, flowId, sessionId, kind,
                    payload, next));
            next = next.plus(configuration.pairInterval());
        }
    }
}
