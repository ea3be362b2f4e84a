package dev.wagateway.listtemplates;

import dev.wagateway.shared.whatsapp.GraphApiClient;
import dev.wagateway.shared.whatsapp.GraphApiException;
import dev.wagateway.shared.whatsapp.GraphApiUnavailableException;
import dev.wagateway.shared.whatsapp.WhatsAppProblems;
import dev.wagateway.shared.whatsapp.WhatsAppSettings;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pulls every template of the WhatsApp Business Account from Meta, page by page, then stores them
 * in one transaction. Nothing is written until the last page is in: a failure on any page leaves
 * the stored templates as they were.
 */
@Singleton
public class TemplateSyncService {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateSyncService.class);
    // A loop guard: a WABA holds at most a few thousand templates.
    private static final int MAX_PAGES = 1000;

    private final GraphApiClient graph;
    private final WhatsAppSettings settings;
    private final TemplateSync writer;
    private final int pageSize;

    public TemplateSyncService(GraphApiClient graph, WhatsAppSettings settings, TemplateSync writer,
                               TemplateSyncConfiguration configuration) {
        this.graph = graph;
        this.settings = settings;
        this.writer = writer;
        this.pageSize = configuration.pageSize();
    }

    /** Syncs; Meta's refusals arrive as problems (429 with Retry-After for its rate limits). */
    public SyncResult sync() {
        String wabaId = settings.businessAccountId();
        List<RemoteTemplate> remote = new ArrayList<>();
        List<RemoteTemplate.Skipped> skipped = new ArrayList<>();
        try {
            String after = null;
            int pages = 0;
            do {
                GraphApiClient.TemplatePage page = graph.messageTemplates(wabaId, after, pageSize);
                for (Map<String, Object> entry : page.data()) {
                    RemoteTemplate.Parsed parsed = RemoteTemplate.parse(entry);
                    if (parsed.template() != null) {
                        remote.add(parsed.template());
                    } else {
                        skipped.add(parsed.skipped());
                    }
                }
                after = page.after();
            } while (after != null && ++pages < MAX_PAGES);
        } catch (GraphApiException e) {
            throw WhatsAppProblems.ofGatewayRequest(e);
        } catch (GraphApiUnavailableException e) {
            throw WhatsAppProblems.of(e);
        }
        skipped.forEach(s -> LOG.warn("Template sync skipped {}", s.describe()));
        SyncResult result = writer.apply(remote, skipped);
        LOG.info("Template sync: {} added, {} updated, {} removed, {} unchanged, {} skipped",
                result.added(), result.updated(), result.removed(), result.unchanged(), result.skipped().size());
        return result;
    }
}
