package dev.wagateway.shared.sending;

import dev.wagateway.metrics.GatewayMetrics;
import dev.wagateway.shared.message.Message;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.whatsapp.GraphApiClient;
import dev.wagateway.shared.whatsapp.GraphApiException;
import dev.wagateway.shared.whatsapp.GraphApiUnavailableException;
import dev.wagateway.shared.whatsapp.GraphErrorCodes;
import dev.wagateway.shared.whatsapp.WhatsAppProblems;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The one send path, for the API and the automation worker alike: Meta's limits and the customer service window
 * checked, the template checked, the row
 * written (accepted, with its {@code message.created}), Meta called, the outcome recorded (sent with its
 * wamid, or failed with Meta's code), each send counted by outcome.
 */
@Singleton
public class MessageSender {

    /** A message Meta took: its row as accepted, its wamid and its status now. */
    public record Sent(Message accepted, String wamid, String status) {
    }

    private final TemplateCheck templateCheck;
    private final SendRecords records;
    private final GraphApiClient graph;
    private final GatewayMetrics metrics;
    private final OutgoingMedia media;
    private final CustomerServiceWindow window;

    public MessageSender(TemplateCheck templateCheck, SendRecords records, GraphApiClient graph, GatewayMetrics metrics,
                         OutgoingMedia media, CustomerServiceWindow window) {
        this.media = media;
        this.window = window;
        this.templateCheck = templateCheck;
        this.records = records;
        this.graph = graph;
        this.metrics = metrics;
    }

    /**
     * Sends it; {@code onAccepted} runs once the row is written and before Meta is called (an idempotency
     * record can name the message then). Meta's refusal is a {@link ProblemException} (the row failed).
     */
    public Sent send(OutgoingMessage outgoing, SendProgress progress, Consumer<Message> onAccepted) {
        // The API checked these already (with its other fields); every other sender is held to them here.
        MessageLimits.require(outgoing.graphBody());
        window.require(outgoing);
        OutgoingMessage checked = templateCheck.check(outgoing);
        media.check(checked);
        Message accepted = records.accept(checked);
        progress.accepted(accepted);
        onAccepted.accept(accepted);
        String wamid;
        progress.markMetaCalled();
        try {
            // Inside the try: an upload of our media to Meta that fails fails the row as the send would.
            wamid = graph.sendMessage(checked.phoneNumberId(), media.forMeta(checked));
            progress.wamid(wamid);
        } catch (GraphApiException e) {
            records.failed(accepted, String.valueOf(e.code()), failureText(e));
            countSend("refused");
            throw WhatsAppProblems.of(e);
        } catch (GraphApiUnavailableException e) {
            records.failed(accepted, "no_answer", e.getMessage());
            countSend("unavailable");
            throw WhatsAppProblems.of(e);
        } catch (ProblemException e) {
            // Refused before any call (no access token configured): Meta never saw it.
            records.failed(accepted, e.problemType().slug(), e.detail());
            countSend("not_configured");
            throw e;
        }
        String status = records.sent(accepted, wamid);
        countSend("sent");
        return new Sent(accepted, wamid, status);
    }

    /** Marks a row written for a send that then failed on our side before Meta was called. */
    public void failedBeforeSending(Message accepted, String code, String why) {
        records.failed(accepted, code, why);
    }

    /**
     * One send that reached the point of calling Meta, by outcome: sent (Meta took it), refused (Meta's error),
     * unavailable (no answer in time), not_configured (no access token: Meta never saw it).
     */
    private void countSend(String outcome) {
        metrics.count(Map.of("Sends", 1), "Outcome", outcome);
    }

    /** What the message row says about Meta's refusal; callers read it, so a token problem stays vague. */
    private static String failureText(GraphApiException e) {
        if (e.code() == GraphErrorCodes.ACCESS_TOKEN) {
            return "WhatsApp refused the gateway's credentials";
        }
        return e.metaMessage().map(m -> e.details().map(d -> m + ": " + d).orElse(m)).orElse("HTTP " + e.httpStatus());
    }
}
