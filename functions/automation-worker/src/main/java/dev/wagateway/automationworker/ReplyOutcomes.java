package dev.wagateway.automationworker;

import dev.wagateway.shared.automation.AutomationReply;
import dev.wagateway.shared.automation.AutomationRunWriter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** A reply's outcome, each in one transaction with its log line (and, when sent, its {@code automation.replied}). */
@Singleton
class ReplyOutcomes {

    private final AutomationRunWriter runs;
    private final Clock clock;

    ReplyOutcomes(AutomationRunWriter runs, Clock clock) {
        this.runs = runs;
        this.clock = clock;
    }

    @Transactional
    public void sent(AutomationReply reply, String messageId, @Nullable String wamid, String phoneNumberId) {
        runs.sent(reply, messageId, wamid, phoneNumberId);
    }

    @Transactional
    public void failed(AutomationReply reply, @Nullable String messageId, String error) {
        runs.failed(reply, messageId, error);
        runs.log(reply.ruleId(), reply.phone(), reply.inboundMessageId(), null, false, error, metadata(reply, "reply_failed"), clock.instant());
    }

    @Transactional
    public void skipped(AutomationReply reply, String why) {
        runs.skipped(reply, why);
        runs.log(reply.ruleId(), reply.phone(), reply.inboundMessageId(), null, false, why, metadata(reply, "reply_skipped"), clock.instant());
    }

    private static Map<String, Object> metadata(AutomationReply reply, String decision) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("decision", decision);
        metadata.put("reply_id", reply.id());
        metadata.put("step", reply.step());
        if (reply.flowId() != null) {
            metadata.put("flow_id", reply.flowId());
        }
        return metadata;
    }
}
