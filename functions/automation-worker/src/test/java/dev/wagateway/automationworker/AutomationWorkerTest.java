package dev.wagateway.automationworker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each rule and node type through a signed inbound webhook to the send at the fake Graph API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AutomationWorkerTest {

    private AutomationStack stack;

    @BeforeAll
    void start() {
        stack = new AutomationStack(getClass().getSimpleName(), Map.of("automation.cooldown", "10m"));
        stack.sql.execute("INSERT INTO templates (id, name, language, category, status, content, body_parameter_count) VALUES "
                + "('tmpl_welcome', 'welcome_back', 'en_US', 'UTILITY', 'APPROVED', 'Hello {{1}}, welcome back', 1)");
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    @BeforeEach
    void noRulesNorFlows() {
        stack.sql.execute("DELETE FROM automation_rules");
        stack.sql.execute("UPDATE conversation_sessions SET status = 'completed' WHERE status IN ('active', 'handoff')");
        stack.sql.execute("DELETE FROM flows");
    }

    private List<String> answer(String phone, String text) {
        SQSBatchResponse response = stack.deliver(stack.inbound(phone, text));
        assertEquals(List.of(), response.getBatchItemFailures(), "no failures");
        return stack.textsTo(phone);
    }

    @Test
    void keywordRuleAnswersWholeWordsWhateverTheCaseAndAccents() {
        stack.rule("price", "keyword", "preço, cost", "text", "Our prices: example.com/p", 0);
        String phone = AutomationStack.newPhone();
        assertEquals(List.of(), answer(phone, "preçofixo?"), "not a whole word");
        assertEquals(List.of("Our prices: example.com/p"), answer(phone, "Qual o PRECO?"));
        String log = stack.sql.queryValue("SELECT matched_text || '|' || success FROM automation_logs WHERE phone = '" + phone
                + "' AND rule_id IS NOT NULL");
        assertEquals("preço|true", log);
    }

    @Test
    void regexRuleWithTheNameOfTheContact() {
        stack.rule("order", "regex", "^order\\s+\\d+$", "text", "Looking up your order, {{name}}: {{text}}", 0);
        String phone = AutomationStack.newPhone();
        assertEquals(List.of("Looking up your order, José Ñandú: order 42"), answer(phone, "order 42"));
    }

    @Test
    void firstMessageRuleOnlyForTheFirstMessage() {
        stack.rule("welcome", "first_message", null, "text", "Welcome!", 0);
        String phone = AutomationStack.newPhone();
        assertEquals(List.of("Welcome!"), answer(phone, "hi"));
        assertEquals(List.of("Welcome!"), answer(phone, "hi again"));
    }

    @Test
    void anyRuleAndTemplateResponseWithParametersFromTheContact() {
        stack.rule("fallback", "any", null, "template", "{\"name\": \"welcome_back\", \"language\": \"en_US\", \"parameters\": [\"{{name}}\"]}", 0);
        String phone = AutomationStack.newPhone();
        assertEquals(List.of("template:welcome_back"), answer(phone, "whatever"));
        Map<String, Object> body = stack.graph.sends().getLast().json();
        assertEquals("{name=welcome_back, language={code=en_US}, components=[{type=body, parameters=[{text=José Ñandú, type=text}]}]}",
                body.get("template").toString());
        assertEquals("Hello José Ñandú, welcome back", stack.sql.queryValue("SELECT content FROM messages WHERE phone = '" + phone
                + "' AND direction = 'outbound'"));
    }

    @Test
    void priorityThenCooldownPerContactAndRule() {
        stack.rule("low", "keyword", "hours", "text", "low", 1);
        long high = stack.rule("high", "keyword", "hours", "text", "high", 5);
        String phone = AutomationStack.newPhone();
        assertEquals(List.of("high"), answer(phone, "opening hours?"));
        assertEquals(List.of("high"), answer(phone, "HOURS??"), "typing twice gets one answer");
        assertEquals("cooldown", stack.sql.queryValue("SELECT metadata ->> 'decision' FROM automation_logs WHERE phone = '" + phone
                + "' ORDER BY id DESC LIMIT 1"));
        String other = AutomationStack.newPhone();
        assertEquals(List.of("high"), answer(other, "hours"), "the cooldown is per contact");
        stack.sql.execute("UPDATE automation_logs SET executed_at = executed_at - interval '11 minutes' WHERE rule_id = " + high);
        assertEquals(List.of("high", "high"), answer(phone, "hours"), "after the cooldown it answers again");
    }

    @Test
    void anEventDeliveredTwiceIsAnsweredOnce() {
        stack.rule("dup", "keyword", "twice", "text", "once", 0);
        String phone = AutomationStack.newPhone();
        String event = stack.inbound(phone, "twice");
        assertEquals(List.of(), stack.deliver(event, event).getBatchItemFailures());
        assertEquals(List.of(), stack.deliver(event).getBatchItemFailures());
        assertEquals(List.of("once"), stack.textsTo(phone));
        assertEquals("1", stack.sql.queryValue("SELECT count(*) FROM automation_replies r JOIN messages m ON m.id = r.inbound_message_id "
                + "WHERE r.phone = '" + phone + "'"));
        assertEquals("1", stack.sql.queryValue("SELECT count(*) FROM events WHERE type = 'automation.replied' AND conversation = '" + phone + "'"));
    }

    @Test
    void outsideTheWindowOnlyATemplateGoes() {
        stack.rule("late text", "keyword", "late", "text", "never sent", 5);
        stack.rule("late template", "keyword", "template", "template", "{\"name\": \"welcome_back\", \"parameters\": [\"{{name}}\"]}", 0);
        String phone = AutomationStack.newPhone();
        Instant old = Instant.now().minus(Duration.ofHours(25));
        assertEquals(List.of(), stack.deliver(stack.inbound(phone, "late", old)).getBatchItemFailures());
        assertEquals(List.of(), stack.textsTo(phone));
        assertEquals("skipped", stack.sql.queryValue("SELECT state FROM automation_replies WHERE phone = '" + phone + "'"));
        assertTrue(stack.sql.queryValue("SELECT error FROM automation_logs WHERE phone = '" + phone + "' AND NOT success")
                .contains("window"));
        assertEquals(List.of(), stack.deliver(stack.inbound(phone, "template please", old)).getBatchItemFailures());
        assertEquals(List.of("template:welcome_back"), stack.textsTo(phone));
    }

    private long flow(String trigger, String nodes, String edges) {
        long id = Long.parseLong(stack.sql.queryValue("INSERT INTO flows (name, trigger_keyword, is_active) VALUES ('f', "
                + AutomationStack.literal(trigger) + ", true) RETURNING id"));
        stack.sql.execute("INSERT INTO flow_nodes (flow_id, node_key, type, config) SELECT " + id + ", k, t, CAST(c AS jsonb) FROM (VALUES "
                + nodes + ") AS v(k, t, c)");
        if (edges != null) {
            stack.sql.execute("INSERT INTO flow_edges (flow_id, source_node_key, target_node_key, condition) SELECT " + id
                    + ", s, t, c FROM (VALUES " + edges + ") AS v(s, t, c)");
        }
        return id;
    }

    private long ageFlow(String trigger) {
        return flow(trigger, "('ask', 'question', '{\"text\": \"How old are you?\", \"validation\": \"number\", \"variable\": \"age\", "
                        + "\"error\": \"A number, please.\"}'), ('check', 'condition', '{\"variable\": \"age\"}'), "
                        + "('adult', 'message', '{\"text\": \"Welcome, {{age}}!\"}'), ('minor', 'message', '{\"text\": \"Sorry.\"}'), "
                        + "('done', 'end', '{}')",
                "('ask', 'check', NULL), ('check', 'adult', '>=18'), ('check', 'minor', 'else'), ('adult', 'done', NULL), "
                        + "('minor', 'done', NULL)");
    }

    @Test
    void questionConditionMessageWithAWrongThenARightAnswer() {
        long flow = ageFlow(null);
        stack.rule("start", "keyword", "signup", "flow", Long.toString(flow), 0);
        String phone = AutomationStack.newPhone();
        assertEquals(List.of("How old are you?"), answer(phone, "signup"));
        assertEquals(List.of("How old are you?", "A number, please."), answer(phone, "old enough"));
        assertEquals(List.of("How old are you?", "A number, please.", "Welcome, 42!"), answer(phone, "42"));
        assertEquals("completed|flow_end|42", stack.sql.queryValue("SELECT status || '|' || (metadata ->> 'end_reason') || '|' "
                + "|| (variables ->> 'age') FROM conversation_sessions WHERE phone = '" + phone + "'"));
        assertEquals("conversation.ended,conversation.started", stack.sql.queryValue("SELECT string_agg(type, ',' ORDER BY type) FROM events "
                + "WHERE conversation = '" + phone + "' AND type LIKE 'conversation.%'"));
        assertEquals(List.of("How old are you?", "A number, please.", "Welcome, 42!"), answer(phone, "43"), "the session ended");
    }

    @Test
    void aTriggerKeywordStartsAFlowAndAStopWordLeavesIt() {
        ageFlow("Cadastro");
        String phone = AutomationStack.newPhone();
        assertEquals(List.of("How old are you?"), answer(phone, "quero fazer o cadastro"));
        assertEquals(List.of("How old are you?"), answer(phone, "Sair"));
        assertEquals("completed|stop_word", stack.sql.queryValue("SELECT status || '|' || (metadata ->> 'end_reason') "
                + "FROM conversation_sessions WHERE phone = '" + phone + "'"));
    }

    @Test
    void anExpiredSessionDoesNotTakeTheAnswer() {
        ageFlow("survey");
        String phone = AutomationStack.newPhone();
        assertEquals(List.of("How old are you?"), answer(phone, "survey"));
        stack.sql.execute("UPDATE conversation_sessions SET expires_at = now() - interval '1 second' WHERE phone = '" + phone + "'");
        assertEquals(List.of("How old are you?"), answer(phone, "42"), "no answer to a question asked a session ago");
        assertEquals("expired", stack.sql.queryValue("SELECT status FROM conversation_sessions WHERE phone = '" + phone + "'"));
        assertEquals("expired", stack.sql.queryValue("SELECT data ->> 'reason' FROM events WHERE type = 'conversation.ended' "
                + "AND conversation = '" + phone + "'"));
    }

    @Test
    void actionsTagWebhookAndHandoffStopAutomationUntilReleased() {
        flow("agent", "('hello', 'message', '{\"text\": \"Connecting you\", \"start\": true}'), "
                        + "('tag', 'action', '{\"action\": \"tag\", \"tag\": \"vip\"}'), "
                        + "('set', 'action', '{\"action\": \"set_variable\", \"variable\": \"plan\", \"value\": \"gold\"}'), "
                        + "('hook', 'action', '{\"action\": \"webhook\", \"event\": \"lead\"}'), "
                        + "('human', 'action', '{\"action\": \"handoff\", \"reason\": \"wants a person\"}')",
                "('hello', 'tag', NULL), ('tag', 'set', NULL), ('set', 'hook', NULL), ('hook', 'human', NULL)");
        stack.rule("any", "any", null, "text", "automatic answer", 0);
        String phone = AutomationStack.newPhone();
        assertEquals(List.of("Connecting you"), answer(phone, "agent please"));
        assertEquals(List.of("Connecting you"), answer(phone, "hello?"), "handed off: no automatic answer");
        assertEquals("handoff|[\"vip\"]", stack.sql.queryValue("SELECT status || '|' || (metadata -> 'tags')::text FROM conversation_sessions "
                + "WHERE phone = '" + phone + "'"));
        assertEquals("[\"vip\"]|1", stack.sql.queryValue("SELECT (metadata -> 'tags')::text || '|' || (SELECT count(*) FROM events "
                + "WHERE type = 'contact.updated' AND data -> 'contact' -> 'metadata' -> 'tags' @> '[\"vip\"]') FROM contacts WHERE phone = '"
                + phone + "'"), "the contact is tagged too, with its contact.updated");
        assertEquals("lead|gold", stack.sql.queryValue("SELECT (data ->> 'name') || '|' || (data -> 'variables' ->> 'plan') FROM events "
                + "WHERE type = 'automation.webhook' AND conversation = '" + phone + "'"));
        assertEquals("wants a person", stack.sql.queryValue("SELECT data ->> 'reason' FROM events WHERE type = 'conversation.handoff' "
                + "AND conversation = '" + phone + "'"));
        stack.sql.execute("UPDATE conversation_sessions SET status = 'completed' WHERE phone = '" + phone + "'");
        assertEquals(List.of("Connecting you", "automatic answer"), answer(phone, "hello?"), "released: automation again");
    }

    @Test
    void aFlowThatCannotRunIsReportedNotRun() {
        long flow = flow(null, "('a', 'message', '{\"text\": \"x\"}')", "('a', 'missing', NULL)");
        stack.rule("broken", "keyword", "broken", "flow", Long.toString(flow), 0);
        String phone = AutomationStack.newPhone();
        assertEquals(List.of(), answer(phone, "broken"));
        assertTrue(stack.sql.queryValue("SELECT error FROM automation_logs WHERE phone = '" + phone + "'").contains("dangling"));
    }

    @Test
    void rowsShapedAsTheLegacyImportRunAsTheyAre() {
        // make-sample-db's shapes: keyword 'hola', flows of chained nodes n0 -> n1 -> ... with {"text": ...}
        // configs, no start marker, edges with conditions yes / no / NULL.
        stack.rule("rule 4", "keyword", "hola", "text", "Hola! Como posso ajudar?", 3);
        flow("menu", "('n0', 'message', '{\"text\": \"Bem-vindo\"}'), ('n1', 'question', '{\"text\": \"Sim ou não?\"}'), "
                + "('n2', 'message', '{\"text\": \"Ok!\"}')", "('n0', 'n1', NULL), ('n1', 'n2', 'yes')");
        String phone = AutomationStack.newPhone();
        assertEquals(List.of("Hola! Como posso ajudar?"), answer(phone, "¡HOLA!"));
        assertEquals(List.of("Hola! Como posso ajudar?", "Bem-vindo", "Sim ou não?"), answer(phone, "o menu, por favor"));
        assertEquals(List.of("Hola! Como posso ajudar?", "Bem-vindo", "Sim ou não?", "Ok!"), answer(phone, "YES"));
        assertEquals("completed", stack.sql.queryValue("SELECT status FROM conversation_sessions WHERE phone = '" + phone + "'"));
    }
}
