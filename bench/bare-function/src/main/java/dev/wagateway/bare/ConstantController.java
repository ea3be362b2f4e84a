package dev.wagateway.bare;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;

/** The only route of the bare function: a constant, so that the benchmark measures the platform and nothing else. */
@Controller("/bare")
class ConstantController {

    private static final Answer ANSWER = new Answer("bare", 1);

    /** The answer: a small JSON object, serialized as every function's answers are. */
    @Serdeable
    record Answer(String name, int version) {
    }

    @Get
    Answer answer() {
        return ANSWER;
    }
}
