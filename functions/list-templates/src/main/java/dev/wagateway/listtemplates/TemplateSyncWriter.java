package dev.wagateway.listtemplates;

import dev.wagateway.events.EventData;
import dev.wagateway.events.NewEvent;
import dev.wagateway.events.OutboxWriter;
import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.template.Template;
import dev.wagateway.shared.template.TemplateRepository;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes the stored templates what Meta returned, in one transaction: all of it or nothing, with a
 * {@code template.updated} event for each template made, changed or removed.
 */
@Singleton
class TemplateSyncWriter {

    private static final long SYNC_LOCK = 0x7465_6d70_6c61_7465L;

    private final TemplateRepository templates;
    private final TemplateSyncRepository locks;
    private final Clock clock;
    private final OutboxWriter outbox;

    TemplateSyncWriter(TemplateRepository templates, TemplateSyncRepository locks, Clock clock, OutboxWriter outbox) {
        this.templates = templates;
        this.locks = locks;
        this.clock = clock;
        this.outbox = outbox;
    }

    @Transactional
    SyncResult apply(List<RemoteTemplate> remote, List<RemoteTemplate.Skipped> skipped) {
        locks.lockForSync(SYNC_LOCK);
        Map<String, Template> stored = new HashMap<>();
        for (Template template : templates.findAllLive()) {
            stored.put(RemoteTemplate.key(template.name(), template.language()), template);
        }
        Map<String, RemoteTemplate> seen = new HashMap<>();
        remote.forEach(template -> seen.put(template.key(), template));
        // A template Meta returned but that could not be read is kept as it was, not removed.
        Set<String> unreadable = skipped.stream().map(RemoteTemplate.Skipped::key).collect(Collectors.toSet());

        List<Template> inserts = new ArrayList<>();
        List<Template> updates = new ArrayList<>();
        List<NewEvent> events = new ArrayList<>();
        int unchanged = 0;
        for (RemoteTemplate template : seen.values()) {
            Template existing = stored.get(template.key());
            if (existing == null) {
                Template created = template.asNew(Ids.TEMPLATE.next());
                inserts.add(created);
                events.add(event(created, null, "created"));
            } else if (template.matches(existing)) {
                unchanged++;
            } else {
                Template updated = template.applyTo(existing);
                updates.add(updated);
                events.add(event(updated, existing.status(), "updated"));
            }
        }
        Instant now = clock.instant();
        List<Template> removals = new ArrayList<>();
        stored.forEach((key, template) -> {
            if (!seen.containsKey(key) && !unreadable.contains(key)) {
                removals.add(softDeleted(template, now));
                events.add(event(template, template.status(), "deleted"));
            }
        });
        // Removals first: a template deleted and re-created under its name frees the live (name, language) slot.
        templates.updateAll(removals);
        templates.updateAll(updates);
        templates.saveAll(inserts);
        try {
            outbox.write(events);
        } catch (SQLException e) {
            throw new DataAccessException("Could not write the template events of the sync: " + e.getMessage(), e);
        }
        return new SyncResult(inserts.size(), updates.size(), removals.size(), unchanged,
                skipped.stream().map(RemoteTemplate.Skipped::describe).toList());
    }

    private static NewEvent event(Template template, String previousStatus, String change) {
        return EventData.templateUpdated(template.id(), template.name(), template.language(), template.category(),
                template.status(), previousStatus, change, "sync", null);
    }

    private static Template softDeleted(Template t, Instant at) {
        return new Template(t.id(), t.name(), t.language(), t.category(), t.status(), t.content(), t.components(),
                t.parameters(), t.bodyParameterCount(), t.whatsappTemplateId(), t.metadata(), t.createdAt(), t.updatedAt(), at);
    }
}
