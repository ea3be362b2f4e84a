package dev.wagateway.sendmessage;

import dev.wagateway.shared.logging.CorrelationId;
import dev.wagateway.shared.message.Message;
import dev.wagateway.shared.message.MessageRepository;
import dev.wagateway.shared.problem.Problem;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import dev.wagateway.shared.problem.StorableText;
import dev.wagateway.shared.sending.MessageSender;
import dev.wagateway.shared.sending.OutgoingMessage;
import dev.wagateway.shared.sending.SendProgress;
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
    private final IdempotencyStore idempotency;
    private final MessageSender sender;
    private final MessageRepository messages;

    SendService(JsonMapper json, Validator validator, OutgoingMessages outgoingMessages, IdempotencyStore idempotency,
                MessageSender sender, MessageRepository messages) {
        this.json = json;
        this.validator = validator;
        this.outgoingMessages = outgoingMessages;
        this.idempotency = idempotency;
        this.sender = sender;
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
            return deliver(outgoing, null, null, new SendProgress());
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
        SendProgress progress = new SendProgress();
        try {
            Answer answer = deliver(outgoing, apiKeyId, idempotencyKey, progress);
            idempotency.complete(apiKeyId, idempotencyKey, new IdempotencyStore.Answer(answer.status(), answer.body()));
            return answer;
        } catch (ProblemException problem) {
            settle(problem, () -> {
                if (progress.accepted() == null) {
                    // Refused before anything was written or sent (the window closed, a template not approved, media
                    // not stored yet): nothing happened, so nothing is kept; a retry with the key is judged afresh.
                    idempotency.release(apiKeyId, idempotencyKey);
                } else if (problem.problemType().status() == HttpStatus.TOO_MANY_REQUESTS) {
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
    private void settleAfterFailure(String apiKeyId, String idempotencyKey, SendProgress progress) {
        if (progress.wamid() != null) {
            idempotency.complete(apiKeyId, idempotencyKey, new IdempotencyStore.Answer(HttpStatus.ACCEPTED.getCode(),
                    write(new SendResult(progress.accepted().id(), progress.wamid(), "sent"))));
        } else if (progress.metaCalled()) {
            idempotency.complete(apiKeyId, idempotencyKey, new IdempotencyStore.Answer(
                    HttpStatus.INTERNAL_SERVER_ERROR.getCode(), problemJson(new ProblemException(ProblemType.INTERNAL_ERROR,
                            "The send failed on our side and WhatsApp may have it; use a new key to send it again."))));
        } else {
            if (progress.accepted() != null) {
                sender.failedBeforeSending(progress.accepted(), "internal_error", "failed before it was sent to WhatsApp");
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

    private Answer deliver(OutgoingMessage outgoing, @Nullable String apiKeyId, @Nullable String idempotencyKey,
                           SendProgress progress) {
        MessageSender.Sent sent = sender.send(outgoing, progress, accepted -> {
            if (idempotencyKey != null) {
                idempotency.attach(apiKeyId, idempotencyKey, accepted.id());
            }
        });
        return new Answer(HttpStatus.ACCEPTED.getCode(), write(new SendResult(sent.accepted().id(), sent.wamid(), sent.status())), false);
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
