package dev.wagateway.webhook;

import dev.wagateway.metrics.GatewayMetrics;
import dev.wagateway.shared.problem.DatabaseOutage;
import dev.wagateway.shared.problem.ProblemDocs;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The endpoint Meta calls: the verification handshake (GET) and signed event deliveries (POST).
 */
@Controller("/webhooks/whatsapp")
public class WhatsAppWebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppWebhookController.class);

    private final WebhookCredentials credentials;
    private final DeliveryReader reader;
    private final DeliveryStore store;
    private final GatewayMetrics metrics;
    private final long maxBodyBytes;

    WhatsAppWebhookController(WebhookCredentials credentials, DeliveryReader reader, DeliveryStore store,
                              GatewayMetrics metrics, HttpServerConfiguration server) {
        this.credentials = credentials;
        this.reader = reader;
        this.store = store;
        this.metrics = metrics;
        // micronaut.server.max-request-size (application.properties): Netty enforces it itself, the Lambda path here.
        this.maxBodyBytes = server.getMaxRequestSize();
    }

    /**
     * Meta's subscription check: echo the challenge only to the right mode and token; otherwise 403
     * ({@code verification-failed}).
     *
     * @param mode        must be {@code subscribe}
     * @param verifyToken must be the verify token configured for this webhook
     * @param challenge   what to answer with
     * @return the challenge, as plain text
     */
    @Get(produces = MediaType.TEXT_PLAIN)
    @ProblemDocs.Forbidden
    HttpResponse<String> verifyWebhook(@QueryValue("hub.mode") @Nullable String mode,
                                @QueryValue("hub.verify_token") @Nullable String verifyToken,
                                @QueryValue("hub.challenge") @Nullable String challenge) {
        if (!"subscribe".equals(mode) || !credentials.verifyTokenMatches(verifyToken) || challenge == null) {
            throw new ProblemException(WebhookProblems.VERIFICATION_FAILED,
                    "hub.mode must be subscribe, hub.verify_token the configured token, and hub.challenge present");
        }
        return HttpResponse.ok(challenge).contentType(MediaType.TEXT_PLAIN_TYPE).header("X-Content-Type-Options", "nosniff");
    }

    /**
     * A delivery of events (messages, statuses) signed by Meta. 200 only once all of it is stored; the
     * database unavailable: 503 ({@code service-unavailable}), nothing is stored, and Meta delivers it again.
     * 401 ({@code invalid-signature}) when the signature is missing or wrong; 400 ({@code malformed-request},
     * {@code unsupported-object}) when the body is not a WhatsApp Business Account delivery.
     * {@code byte[]} is the body exactly as sent, on Netty and behind API Gateway (base64 or not: see
     * {@code ApiGatewayHandler}), which the signature needs.
     *
     * @param signature {@code sha256=} and the hex HMAC-SHA256 of the body's bytes under the app secret
     * @return 200 (no body) once the whole delivery is stored
     */
    @Post(consumes = MediaType.ALL)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @ProblemDocs.BadRequest
    @ProblemDocs.Unauthorized
    @ProblemDocs.PayloadTooLarge
    @ProblemDocs.ServiceUnavailable
    HttpResponse<Void> receiveWebhookDelivery(@Header(WebhookSignature.HEADER) @Nullable String signature,
                               @Body @Nullable @RequestBody(required = true,
                                       description = "Meta's payload: `object` is `whatsapp_business_account`, the events "
                                               + "are under `entry[].changes[].value`",
                                       content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                               schema = @Schema(implementation = Object.class))) byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        // Netty refuses larger bodies itself; API Gateway passes up to 10 MB to a Lambda.
        if (bytes.length > maxBodyBytes) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "A delivery may hold at most " + maxBodyBytes + " bytes");
        }
        if (!credentials.signature().matches(signature, bytes)) {
            // A 401 names how to authenticate (RFC 9110): here Meta's signature header, as a scheme of its own.
            throw new ProblemException(WebhookProblems.INVALID_SIGNATURE, signature == null
                    ? "The " + WebhookSignature.HEADER + " header is missing"
                    : "The " + WebhookSignature.HEADER + " header does not match the body", List.of(),
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, WebhookSignature.HEADER + " realm=\"wa-gateway webhook\""));
        }
        Delivery delivery = reader.read(bytes);
        try {
            store.store(delivery);
        } catch (DeliveryStore.NotStored e) {
            LOG.warn("Delivery not stored; answering 503 so that Meta delivers it again: {} {}", e.sqlState(), e.getMessage());
            throw DatabaseOutage.problem("The delivery could not be stored now; deliver it again later");
        }
        metrics.count(Map.of("DeliveriesStored", 1, "MessagesStored", delivery.messages().size(),
                "StatusesStored", delivery.statuses().size()));
        return HttpResponse.ok();
    }
}
