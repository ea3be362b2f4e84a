package dev.wagateway.automationapi;

import dev.wagateway.shared.automation.AutomationReads;
import dev.wagateway.shared.automation.ConversationSession;
import dev.wagateway.shared.automation.ConversationSessionWriter;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Optional;

/** Ending a session and releasing a handoff, each in one transaction with its {@code conversation.ended}. */
@Singleton
class ConversationActions {

    private final AutomationReads reads;
    private final ConversationSessionWriter sessions;
    private final Clock clock;

    ConversationActions(AutomationReads reads, ConversationSessionWriter sessions, Clock clock) {
        this.reads = reads;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Ends an open session (active or handed off); a 409 when it is over already. */
    @Transactional
    public Optional<ConversationSession> end(long id, String reason, boolean onlyHandoff) {
        Optional<ConversationSession> found = reads.session(id);
        if (found.isEmpty()) {
            return found;
        }
        ConversationSession session = found.get();
        if (onlyHandoff && !session.status().equals("handoff")) {
            throw new ProblemException(ProblemType.CONFLICT, "Conversation " + id + " is " + session.status() + ", not handed off.");
        }
        if (!session.open() || !sessions.end(session, "completed", reason, session.variables(), clock.instant())) {
            throw new ProblemException(ProblemType.CONFLICT, "Conversation " + id + " is " + session.status() + " already.");
        }
        return reads.session(id);
    }
}
