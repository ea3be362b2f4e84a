package dev.wagateway.automationworker;

import dev.wagateway.automation.ResponseType;
import dev.wagateway.automation.Rule;
import dev.wagateway.automation.RuleSet;
import dev.wagateway.automation.TriggerType;
import dev.wagateway.shared.automation.AutomationReads;
import dev.wagateway.shared.automation.AutomationRule;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The active rules, compiled. Rows whose trigger or response this engine does not know, and rules the
 * engine cannot run (a pattern RE2 refuses), are logged once per load and never tried.
 */
@Singleton
class ActiveRules {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveRules.class);

    private final AutomationReads reads;

    ActiveRules(AutomationReads reads) {
        this.reads = reads;
    }

    RuleSet load() {
        List<Rule> rules = new ArrayList<>();
        for (AutomationRule row : reads.activeRules()) {
            var trigger = TriggerType.of(row.triggerType());
            var response = ResponseType.of(row.responseType());
            if (trigger.isEmpty() || response.isEmpty()) {
                LOG.warn("Rule {} has trigger {} and response {}, which automation does not know; it is not run",
                        row.id(), row.triggerType(), row.responseType());
                continue;
            }
            rules.add(new Rule(row.id(), row.name(), trigger.get(), row.triggerValue(), response.get(), row.responseValue(),
                    row.priority()));
        }
        RuleSet set = RuleSet.of(rules);
        set.unusable().forEach(u -> LOG.warn("Rule {} cannot run: {}", u.rule().id(), u.reason()));
        return set;
    }
}
