package dev.wagateway.shared.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A /v1 route that takes a body, a path variable and query parameters, to test the text rule of every route. */
@Controller("/v1/text-probe")
class TextProbeController {

    @Post(value = "/{name}", consumes = MediaType.APPLICATION_JSON)
    Map<String, Object> echo(@PathVariable String name, @Body byte[] body) {
        return Map.of("name", name, "body", new String(body, StandardCharsets.UTF_8));
    }

    @Get
    Map<String, Object> search(@QueryValue @Nullable String q) {
        return Map.of("q", String.valueOf(q));
    }
}
