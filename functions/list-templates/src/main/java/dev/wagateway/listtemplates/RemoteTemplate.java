package dev.wagateway.listtemplates;

import dev.wagateway.shared.template.Template;
import dev.wagateway.shared.template.TemplateVocabulary;
import io.micronaut.core.annotation.Nullable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** A template as Meta returned it, in the spellings the database keeps. */
record RemoteTemplate(String name, String language, String category, String status, @Nullable String content,
                      List<Object> components, int bodyParameterCount, @Nullable String whatsappTemplateId,
                      @Nullable String parameterFormat) {

    private static final String PARAMETER_FORMAT = "parameter_format";
    // The database's rule for language codes (en, en_US, zh_Hant_HK's first parts).
    private static final Pattern LANGUAGE = Pattern.compile("^[a-z]{2,3}(_[A-Za-z0-9]{2,8})?$");

    /** Reads one entry of {@code message_templates}' data; a reason instead when it cannot be stored. */
    @SuppressWarnings("unchecked")
    static Parsed parse(Map<String, Object> entry) {
        String name = text(entry.get("name"));
        String language = text(entry.get("language"));
        if (name == null || name.length() > 512) {
            return Parsed.skipped(name, language, "no usable name");
        }
        if (language == null || !LANGUAGE.matcher(language).matches()) {
            return Parsed.skipped(name, language, "language code not understood");
        }
        Optional<String> status = TemplateVocabulary.status(text(entry.get("status")));
        if (status.isEmpty()) {
            return Parsed.skipped(name, language, "unknown status '" + entry.get("status") + "'");
        }
        Optional<String> category = TemplateVocabulary.category(text(entry.get("category")));
        if (category.isEmpty()) {
            return Parsed.skipped(name, language, "unknown category '" + entry.get("category") + "'");
        }
        List<Object> components = entry.get("components") instanceof List<?> list ? (List<Object>) list : List.of();
        String body = TemplateVocabulary.bodyText(components);
        return new Parsed(new RemoteTemplate(name, language, category.get(), status.get(), body, components,
                TemplateVocabulary.bodyParameterCount(body), text(entry.get("id")), text(entry.get(PARAMETER_FORMAT))), null);
    }

    /** Either a template or why it was skipped. */
    record Parsed(@Nullable RemoteTemplate template, @Nullable Skipped skipped) {
        static Parsed skipped(@Nullable String name, @Nullable String language, String why) {
            return new Parsed(null, new Skipped(name, language, why));
        }
    }

    /** A template Meta returned that cannot be stored, and why. */
    record Skipped(@Nullable String name, @Nullable String language, String why) {
        String key() {
            return RemoteTemplate.key(name, language);
        }

        String describe() {
            return name + "/" + language + ": " + why;
        }
    }

    String key() {
        return key(name, language);
    }

    static String key(String name, String language) {
        return name + '\u0000' + language;
    }

    /** Whether the stored copy already says what Meta says. */
    boolean matches(Template stored) {
        return stored.category().equals(category) && stored.status().equals(status)
                && Objects.equals(stored.content(), content) && stored.components().equals(components)
                && stored.bodyParameterCount() == bodyParameterCount
                && Objects.equals(stored.whatsappTemplateId(), whatsappTemplateId)
                && Objects.equals(stored.metadata().get(PARAMETER_FORMAT), parameterFormat);
    }

    Template asNew(String id) {
        return new Template(id, name, language, category, status, content, components, List.of(), bodyParameterCount,
                whatsappTemplateId, metadata(Map.of()), null, null, null);
    }

    /** The stored template with Meta's facts; what only the gateway keeps (parameters, metadata) stays. */
    Template applyTo(Template stored) {
        return new Template(stored.id(), name, language, category, status, content, components, stored.parameters(),
                bodyParameterCount, whatsappTemplateId, metadata(stored.metadata()), stored.createdAt(), stored.updatedAt(), null);
    }

    private Map<String, Object> metadata(Map<String, Object> kept) {
        Map<String, Object> metadata = new HashMap<>(kept);
        if (parameterFormat == null) {
            metadata.remove(PARAMETER_FORMAT);
        } else {
            metadata.put(PARAMETER_FORMAT, parameterFormat);
        }
        return metadata;
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s.strip() : null;
    }
}
