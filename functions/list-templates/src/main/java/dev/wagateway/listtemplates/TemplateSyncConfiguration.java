package dev.wagateway.listtemplates;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;

/**
 * {@code templates.sync.*} (defaults in this function's {@code application.properties}, and only there).
 *
 * @param pageSize templates asked for per Graph API page: fewer round trips, each inside the read timeout
 */
@ConfigurationProperties("templates.sync")
public record TemplateSyncConfiguration(@Min(1) int pageSize) {
}
