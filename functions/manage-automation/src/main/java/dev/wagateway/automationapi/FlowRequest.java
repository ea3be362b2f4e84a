package dev.wagateway.automationapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/**
 * A flow to save, with its whole graph. It is refused when an edge names a node that is not there, a node
 * type is unknown, a key is used twice or there is no start node (the node with {@code "start": true} in its
 * config, else the node keyed {@code start}, else the only node no edge leads to).
 *
 * @param triggerKeyword a word or phrase that starts the flow (whole words, case and accents ignored), or null: only a rule starts it
 * @param active         whether it runs (default false)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record FlowRequest(@NotBlank @Size(max = 200) String name,
                          @Nullable @Size(max = 2000) String description,
                          @Nullable @Size(max = 200) String triggerKeyword,
                          @Nullable Boolean active,
                          @NotNull @Size(min = 1, max = 500) List<@Valid @NotNull Node> nodes,
                          @NotNull @Size(max = 2000) List<@Valid @NotNull Edge> edges) {

    /**
     * A node.
     *
     * @param type   message (sends config.text), question (sends config.text, waits, validates by config.validation:
     *               text, number, email, options with config.options, or config.pattern; stores it in config.variable),
     *               condition (the edge whose condition holds for config.variable), action (config.action: set_variable,
     *               tag, webhook, handoff) or end
     * @param config the node's settings (a JSON object)
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Node(@NotBlank @Size(max = 100) String key,
                       @NotNull @Pattern(regexp = "message|question|condition|action|end") String type,
                       @Nullable Map<String, Object> config,
                       @Nullable Double positionX,
                       @Nullable Double positionY) {
    }

    /**
     * An edge.
     *
     * @param condition when it is taken: a value (equal, case and accents ignored), >n, >=n, <n, <=n, !=v, contains:v;
     *                  null or default: the edge taken when no other holds
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Edge(@NotBlank @Size(max = 100) String source,
                       @NotBlank @Size(max = 100) String target,
                       @Nullable @Size(max = 500) String condition) {
    }
}
