package dev.wagateway.shared.sending;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * The template a template message names, checked against the synced templates before Meta is called.
 *
 * @param language   the language code (en, pt_BR)
 * @param components Meta's components as sent (the body's parameters among them), or null
 */
public record TemplateUse(String name, String language, @Nullable List<Map<String, Object>> components) {
}
