package dev.wagateway.listtemplates;

import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.template.Template;
import dev.wagateway.shared.template.TemplateRepository;
import dev.wagateway.shared.template.TemplateWriter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;

/** The transactions of {@link TemplateManagement}: each takes the sync's lock, so a sync never interleaves. */
@Singleton
class TemplateStore {

    private final TemplateRepository templates;
    private final TemplateWriter writer;
    private final Clock clock;

    TemplateStore(TemplateRepository templates, TemplateWriter writer, Clock clock) {
        this.templates = templates;
        this.writer = writer;
        this.clock = clock;
    }

    @Transactional
    Template created(RemoteTemplate template) {
        writer.lockForSync();
        return writer.created(template.asNew(Ids.TEMPLATE.next()));
    }

    /** The live templates of {@code name} (only {@code language}'s when given) as they are now, marked deleted. */
    @Transactional
    List<Template> deleted(String name, @Nullable String language) {
        writer.lockForSync();
        List<Template> live = templates.findLiveByName(name).stream()
                .filter(t -> language == null || t.language().equals(language)).toList();
        return writer.deleted(live, clock.instant());
    }
}
