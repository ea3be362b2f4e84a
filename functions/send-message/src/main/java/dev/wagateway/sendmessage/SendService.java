package dev.wagateway.sendmessage;

import dev.wagateway.metrics.GatewayMetrics;
import dev.wagateway.shared.logging.CorrelationId;
import dev.wagateway.shared.message.Message;
import dev.wagateway.shared.message.MessageRepository;
import dev.wagateway.shared.problem.Problem;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import dev.wagateway.shared.problem.StorableText;
import dev.wagateway.shared.whatsapp.GraphApiClient;
import dev.wagateway.shared.whatsapp.GraphApiException;
import dev.wagateway.shared.whatsapp.GraphApiUnavailableException;
import dev.wagateway.shared.whatsapp.GraphErrorCodes;
import dev.wagateway.shared.whatsapp.WhatsAppProblems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One send, start to end: validate everything, claim the Idempotency-Key, check the template,
 * write the row, call Meta, record the outcome, store the answer for the key.
 */
@Singleton
class SendService {

    private static final int MAX_IDEMPOTENCY_KEY = 255;

    /** The answer to give: its status and JSON body. */
    record Answer(int status, String body, boolean replayed) {
    }

    private final JsonMapper json;
    private final Validator validator;
    private final OutgoingMessages outgoingMessages;
    private final TemplateCheck templateCheck;
    private final IdempotencyStore idempotency;
    private final SendRecords records;
    private final GraphApiClient graph;
    private final MediaForSend media;
    private final MessageRepository messages;
    private final GatewayMetrics metrics;

    SendService(JsonMapper json, Validator validator, OutgoingMessages outgoingMessages, TemplateCheck templateCheck,
                IdempotencyStore idempotency, SendRecords records, GraphApiClient graph, MessageRepository messages,
                GatewayMetrics metrics, MediaForSend media) {
        this.media = media;
        this.metrics = metrics;
        this.json = json;
        this.validator = validator;
        this.outgoingMessages = outgoingMessages;
        this.templateCheck = templateCheck;
        this.idempotency = idempotency;
        this.records = records;
        this.graph = graph;
        this.messages = messages;
    }

    Answer send(String apiKeyId, @Nullable String idempotencyKey, byte[] body) {
        SendMessageRequest request = parse(body);
        Set<ConstraintViolation<SendMessageRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        OutgoingMessage outgoing = outgoingMessages.from(request);
        if (idempotencyKey == null) {
            return deliver(outgoing, null, null, new Progress());
        }
        checkKey(idempotencyKey);
        IdempotencyStore.Claim claim = idempotency.claim(apiKeyId, idempotencyKey, sha256(canonicalJson(body)));
        if (claim.answer() != null) {
            return new Answer(claim.answer().status(), claim.answer().body(), true);
        }
        if (claim.abandonedMessageId() != null) {
            // Its request died before answering: the message row is the only truth (accepted: outcome unknown).
            Message message = messages.findById(claim.abandonedMessageId()).orElseThrow();
            return new Answer(HttpStatus.ACCEPTED.getCode(),
                    write(new SendResult(message.id(), message.whatsappMessageId(), message.status())), true);
        }
        Progress progress = new Progress();
        try {
            Answer answer = deliver(outgoing, apiKeyId, idempotencyKey, progress);
            idempotency.complete(apiKeyId, idempotencyKey, new IdempotencyStore.Answer(answer.status(), answer.body()));
            return answer;
        } catch (ProblemException problem) {
            settle(problem, () -> {
                if (problem.problemType().status() == HttpStatus.TOO_MANY_REQUESTS) {
                    // Meta sent nothing; after Retry-After the same key may try again.
                    idempotency.release(apiKeyId, idempotencyKey);
                } else {
                    idempotency.complete(apiKeyId, idempotencyKey,
                            new IdempotencyStore.Answer(problem.problemType().status().getCode(), problemJson(problem)));
                }
            });
            throw problem;
        } catch (RuntimeException failure) {
            settle(failure, () -> settleAfterFailure(apiKeyId, idempotencyKey, progress));
            throw failure;
        }
    }

    /**
     * An unexpected failure (the database refusing a write, or gone) must not leave the key claimed, or
     * every retry would wait and get 409 until the claim counts as abandoned. Before Meta was called the
     * key is given back (and the message row, if written, marked failed); once Meta took the message the key
     * answers that send, so a retry never sends twice; a call whose outcome is unknown settles as a 500.
     */
    private void settleAfterFailure(String apiKeyId, String idempotencyKey, Progress progress) {
        if (progress.wamid != null) {
            idempotency.complete(apiKeyId, idempotencyKey, new IdempotencyStore.Answer(HttpStatus.ACCEPTED.getCode(),
                    write(new SendResult(progress.accepted.id(), progress.wamid, "sent"))));
        } else if (progress.metaCalled) {
            idempotency.complete(apiKeyId, idempotencyKey, new IdempotencyStore.Answer(
                    HttpStatus.INTERNAL_SERVER_ERROR.getCode(), problemJson(new ProblemException(ProblemType.INTERNAL_ERROR,
                            "The send failed on our side and WhatsApp may have it; use a new key to send it again."))));
        } else {
            if (progress.accepted != null) {
                records.failed(progress.accepted, "internal_error", "failed before it was sent to WhatsApp");
            }
            idempotency.release(apiKeyId, idempotencyKey);
        }
    }

    /** Settling the key must not hide why the request failed (the database may be gone for both). */
    private static void settle(RuntimeException failure, Runnable settling) {
        try {
            settling.run();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** How far a send got, for the key of a request that fails. */
    private static final class Progress {
        @Nullable Message accepted;
        boolean metaCalled;
        @Nullable String wamid;
    }

    private Answer deliver(OutgoingMessage outgoing, @Nullable String apiKeyId, @Nullable String idempotencyKey,
                           Progress progress) {
        OutgoingMessage checked = templateCheck.check(outgoing);
        media.check(checked);
        Message accepted = records.accept(checked);
        progress.accepted = accepted;
        if (idempotencyKey != null) {
            idempotency.attach(apiKeyId, idempotencyKey, accepted.id());
        }
        String wamid;
        progress.metaCalled = true;
        try {
            wamid = graph.sendMessage(checked.phoneNumberId(), media.forMeta(checked));
            progress.wamid = wamid;
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
        return new Answer(HttpStatus.ACCEPTED.getCode(), write(new SendResult(accepted.id(), wamid, status)), false);
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

    private SendMessageRequest parse(byte[] body) {
        try {
            JsonNode document = json.readValue(body, JsonNode.class);
            if (document != null) {
                // Text PostgreSQL cannot store as sent (NUL, lone surrogates), anywhere in the body: refused first.
                StorableText.refuse(document);
            }
            SendMessageRequest request = json.readValue(body, SendMessageRequest.class);
            if (request == null) {
                throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body must be a JSON object.");
            }
            return request;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException problem) {
                throw problem;
            }
            throw new ProblemException(ProblemType.MALFORMED_REQUEST,
                    "The body is not a JSON message request (an object with to, type and that type's payload).");
        }
    }

    private static void checkKey(String key) {
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ProblemException.invalidField("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
        }
    }

    private String problemJson(ProblemException problem) {
        ProblemType type = problem.problemType();
        return write(new Problem(type.type(), type.title(), type.status().getCode(), problem.detail(),
                problem.errors().isEmpty() ? null : problem.errors(), CorrelationId.current().orElse(null)));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The body as one text for the same JSON however it is written (spacing, member order, escapes), so
     * a retry that a client serialises anew is still the same request for its Idempotency-Key.
     */
    private byte[] canonicalJson(byte[] body) {
        try {
            StringBuilder out = new StringBuilder();
            canonical(json.readValue(body, JsonNode.class), out);
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void canonical(JsonNode node, StringBuilder out) throws IOException {
        if (node.isObject()) {
            Map<String, JsonNode> members = new TreeMap<>();
            node.entries().forEach(member -> members.put(member.getKey(), member.getValue()));
            out.append('{');
            String separator = "";
            for (Map.Entry<String, JsonNode> member : members.entrySet()) {
                out.append(separator).append(json.writeValueAsString(member.getKey())).append(':');
                canonical(member.getValue(), out);
                separator = ",";
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            String separator = "";
            for (JsonNode element : node.values()) {
                out.append(separator);
                canonical(element, out);
                separator = ",";
            }
            out.append(']');
        } else {
            out.append(json.writeValueAsString(node));
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
