package dev.wagateway.listtemplates;

import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.template.Template;
import dev.wagateway.shared.template.TemplateRepository;
import dev.wagateway.shared.template.TemplateWriter;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes the stored templates what Meta returned, in one transaction: all of it or nothing (the writer
 * adds a {@code template.updated} event for each template made, changed or removed).
 */
@Singleton
class TemplateSync {

    private final TemplateRepository templates;
    private final TemplateWriter writer;
    private final Clock clock;

    TemplateSync(TemplateRepository templates, TemplateWriter writer, Clock clock) {
        this.templates = templates;
        this.writer = writer;
        this.clock = clock;
    }

    @Transactional
    SyncResult apply(List<RemoteTemplate> remote, List<RemoteTemplate.Skipped> skipped) {
        writer.lockForSync();
        Map<String, Template> stored = new HashMap<>();
        for (Template template : templates.findAllLive()) {
            stored.put(RemoteTemplate.key(template.name(), template.language()), template);
        }
        Map<String, RemoteTemplate> seen = new HashMap<>();
        remote.forEach(template -> seen.put(template.key(), template));
        // A template Meta returned but that could not be read is kept as it was, not removed.
        Set<String> unreadable = skipped.stream().map(RemoteTemplate.Skipped::key).collect(Collectors.toSet());

        List<Template> inserts = new ArrayList<>();
        List<TemplateWriter.Update> updates = new ArrayList<>();
        int unchanged = 0;
        for (RemoteTemplate template : seen.values()) {
            Template existing = stored.get(template.key());
            if (existing == null) {
                inserts.add(template.asNew(Ids.TEMPLATE.next()));
            } else if (template.matches(existing)) {
                unchanged++;
            } else {
                updates.add(new TemplateWriter.Update(existing, template.applyTo(existing)));
            }
        }
        Instant now = clock.instant();
        List<Template> removals = new ArrayList<>();
        stored.forEach((key, template) -> {
            if (!seen.containsKey(key) && !unreadable.contains(key)) {
                removals.add(softDeleted(template, now));
            }
        });
        writer.applySync(removals, updates, inserts);
        return new SyncResult(inserts.size(), updates.size(), removals.size(), unchanged,
                skipped.stream().map(RemoteTemplate.Skipped::describe).toList());
    }

    private static Template softDeleted(Template t, Instant at) {
        return new Template(t.id(), t.name(), t.language(), t.category(), t.status(), t.content(), t.components(),
                t.parameters(), t.bodyParameterCount(), t.whatsappTemplateId(), t.metadata(), t.createdAt(), t.updatedAt(), at);
    }
}
