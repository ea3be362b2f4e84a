package dev.wagateway.shared.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.wagateway.shared.logging.CorrelationId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Routes that fail in each of the ways a function can, to test the answers every function shares. */
@Controller("/probe")
class ProbeController {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeController.class);

    @Serdeable
    record Line(@NotBlank String text) {
    }

    @Serdeable
    record Order(@NotBlank @Size(max = 5) String reference, @NotNull @Valid List<Line> lines) {
    }

    @Post("/orders")
    @Status(HttpStatus.CREATED)
    Map<String, Object> create(@Body @Valid Order order) {
        return Map.of("reference", order.reference(), "lines", order.lines().size());
    }

    @Get("/items")
    Map<String, Object> items(@QueryValue(defaultValue = "10") @Max(100) int limit) {
        return Map.of("limit", limit);
    }

    @Get("/boom")
    String boom() {
        throw new IllegalStateException("internal-detail-4711 that only the log may hold");
    }

    @Get("/busy")
    String busy() {
        throw new ProblemException(ProblemType.RATE_LIMITED, "Slow down: 60 requests per minute.", List.of(),
                Map.of("Retry-After", "7"));
    }

    @Get("/log")
    Map<String, String> log(@Nullable @QueryValue String note) {
        LOG.info("probe note {}", note);
        return Map.of("correlationId", CorrelationId.current().orElse("none"),
                "lambdaRequestId", String.valueOf(MDC.get(CorrelationId.LAMBDA_REQUEST_ID_MDC_KEY)));
    }

    @Post(value = "/echo-bytes", consumes = "*/*", produces = "text/plain")
    String echoBytes(@Body byte[] body) {
        return body.length + ":" + new String(body, StandardCharsets.UTF_8);
    }
}
