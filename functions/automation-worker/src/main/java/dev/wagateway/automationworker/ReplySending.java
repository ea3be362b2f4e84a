package dev.wagateway.automationworker;

import dev.wagateway.shared.automation.AutomationReads;
import dev.wagateway.shared.automation.AutomationReply;
import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.sending.CustomerServiceWindow;
import dev.wagateway.shared.sending.MessageSender;
import dev.wagateway.shared.sending.OutgoingMessage;
import dev.wagateway.shared.sending.SendProgress;
import dev.wagateway.shared.sending.TemplateUse;
import dev.wagateway.shared.whatsapp.WhatsAppProblems;
import dev.wagateway.shared.whatsapp.WhatsAppSettings;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends an inbound message's pending replies in order through the API's send path, each at its turn
 * (Meta's pair rate limit: a reply due soon is waited for, one due later goes back to the queue, none is
 * dropped). Outside the customer service window only a template goes (the send path's one rule,
 * {@link CustomerServiceWindow}); a text is kept as skipped, with why.
 * A reply whose message was written is never sent again, whatever happened to the call.
 */
@Singleton
class ReplySending {

    private static final Logger LOG = LoggerFactory.getLogger(ReplySending.class);

    private final AutomationReads reads;
    private final ReplyOutcomes outcomes;
    private final MessageSender sender;
    private final WhatsAppSettings whatsApp;
    private final AutomationConfiguration configuration;
    private final Clock clock;
    private final CustomerServiceWindow window;

    ReplySending(AutomationReads reads, ReplyOutcomes outcomes, MessageSender sender, WhatsAppSettings whatsApp,
                 AutomationConfiguration configuration, Clock clock, CustomerServiceWindow window) {
        this.window = window;
        this.reads = reads;
        this.outcomes = outcomes;
        this.sender = sender;
        this.whatsApp = whatsApp;
        this.configuration = configuration;
        this.clock = clock;
    }

    void sendPending(InboundMessage inbound) {
        for (AutomationReply reply : reads.pendingReplies(inbound.id())) {
            waitForTurn(reply);
            if (!window.allows(recipient(inbound), reply.kind())) {
                outcomes.skipped(reply, "the 24-hour customer-service window is closed: only a template can be sent");
                continue;
            }
            Optional<String[]> written = reads.replyMessage(reply.phone(), reply.id());
            if (written.isPresent()) {
                outcomes.sent(reply, written.get()[0], written.get()[2], phoneNumberId(inbound));
                continue;
            }
            send(inbound, reply);
        }
    }

    private void waitForTurn(AutomationReply reply) {
        Duration wait = Duration.between(clock.instant(), reply.notBefore());
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        if (wait.compareTo(configuration.maxWait()) > 0) {
            throw new RetryLater("reply " + reply.id() + " is due in " + wait.toSeconds() + " s (pair rate limit)");
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryLater("interrupted while waiting for reply " + reply.id() + "'s turn");
        }
    }

    private void send(InboundMessage inbound, AutomationReply reply) {
        SendProgress progress = new SendProgress();
        try {
            MessageSender.Sent sent = sender.send(outgoing(inbound, reply), progress, accepted -> { });
            outcomes.sent(reply, sent.accepted().id(), sent.wamid(), sent.accepted().phoneNumberId());
        } catch (ProblemException problem) {
            String messageId = progress.accepted() == null ? null : progress.accepted().id();
            if (problem.problemType().status() == HttpStatus.TOO_MANY_REQUESTS && problem.problemType() == WhatsAppProblems.RATE_LIMITED) {
                // Meta sent nothing: the reply waits for SQS to hand the event out again.
                throw new RetryLater("Meta's rate limit for reply " + reply.id() + ": " + problem.detail());
            }
            outcomes.failed(reply, messageId, problem.problemType().slug() + ": " + problem.detail());
        } catch (RuntimeException failure) {
            if (progress.metaCalled()) {
                // Meta may have it: never sent again.
                LOG.warn("Reply {}: the send failed after Meta was called; kept as failed, not sent again: {}", reply.id(), failure.toString());
                outcomes.failed(reply, progress.accepted() == null ? null : progress.accepted().id(), "internal_error: " + failure);
                return;
            }
            if (progress.accepted() != null) {
                sender.failedBeforeSending(progress.accepted(), "internal_error", "failed before it was sent to WhatsApp");
            }
            throw failure;
        }
    }

    private static WhatsAppUser recipient(InboundMessage inbound) {
        return new WhatsAppUser(inbound.phone(), inbound.userId(), inbound.parentUserId());
    }

    private String phoneNumberId(InboundMessage inbound) {
        String number = inbound.phoneNumberId();
        return number != null && whatsApp.isConfiguredNumber(number) ? number : whatsApp.defaultPhoneNumberId();
    }

    @SuppressWarnings("unchecked")
    private OutgoingMessage outgoing(InboundMessage inbound, AutomationReply reply) {
        WhatsAppUser recipient = recipient(inbound);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        body.put("to", inbound.phone());
        Map<String, Object> automation = new LinkedHashMap<>();
        automation.put("reply_id", reply.id());
        automation.put("inbound_message_id", reply.inboundMessageId());
        automation.put("step", reply.step());
        if (reply.ruleId() != null) {
            automation.put("rule_id", reply.ruleId());
        }
        if (reply.flowId() != null) {
            automation.put("flow_id", reply.flowId());
        }
        Map<String, Object> metadata = Map.of("automation", automation);
        Map<String, Object> payload = reply.payload();
        if (reply.kind().equals("template")) {
            String name = String.valueOf(payload.get("name"));
            String language = String.valueOf(payload.get("language"));
            List<Map<String, Object>> components = payload.get("components") instanceof List<?> list ? (List<Map<String, Object>>) list : null;
            Map<String, Object> template = new LinkedHashMap<>();
            template.put("name", name);
            template.put("language", Map.of("code", language));
            if (components != null) {
                template.put("components", components);
            }
            body.put("type", "template");
            body.put("template", template);
            return new OutgoingMessage(recipient, "template", phoneNumberId(inbound), body, name, null, null, metadata,
                    new TemplateUse(name, language, components));
        }
        String text = String.valueOf(payload.get("body"));
        body.put("type", "text");
        body.put("text", Map.of("body", text));
        return new OutgoingMessage(recipient, "text", phoneNumberId(inbound), body, text, null, null, metadata, null);
    }

}
