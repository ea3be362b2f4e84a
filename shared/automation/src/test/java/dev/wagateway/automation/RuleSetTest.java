package dev.wagateway.automation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleSetTest {

    private static Rule rule(long id, TriggerType trigger, String value, int priority) {
        return new Rule(id, "rule " + id, trigger, value, ResponseType.TEXT, "reply " + id, priority);
    }

    private static Optional<Long> fired(RuleSet rules, String text) {
        return rules.firstMatch(new Inbound(text, false)).map(m -> m.rule().id());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "price|What is the PRICE?|true",
            "price|prices please|false",
            "preço|qual o preco|true",
            "preco|QUAL O PREÇO?|true",
            "hola|¡Hola!|true",
            "order status|my Order   status, please|true",
            "order status|status order|false",
            "price, cost|how much does it cost|true",
            "árvore|ARVORE|true"})
    void keywordsAreWholeWordsCaseAndAccentInsensitive(String keywords, String text, boolean fires) {
        RuleSet rules = RuleSet.of(List.of(rule(1, TriggerType.KEYWORD, keywords, 0)));
        assertEquals(fires, fired(rules, text).isPresent(), keywords + " in " + text);
    }

    @Test
    void regexIsFoundWithItsMatchAsTheMatchedText() {
        RuleSet rules = RuleSet.of(List.of(rule(1, TriggerType.REGEX, "^order\\s+\\d+$", 0)));
        assertEquals("order 42", rules.firstMatch(new Inbound("order 42", false)).orElseThrow().matchedText());
        assertTrue(fired(rules, "my order 42").isEmpty());
        assertTrue(fired(rules, null).isEmpty());
    }

    @Test
    void aPatternRe2RefusesIsUnusableNotFatal() {
        RuleSet rules = RuleSet.of(List.of(rule(1, TriggerType.REGEX, "(a)\\1", 5), rule(2, TriggerType.ANY, null, 0)));
        assertEquals(1, rules.unusable().size());
        assertEquals(1, rules.unusable().getFirst().rule().id());
        assertEquals(Optional.of(2L), fired(rules, "aa"));
        assertTrue(RuleSet.problem(TriggerType.REGEX, "(?=x)").isPresent());
        assertTrue(RuleSet.problem(TriggerType.KEYWORD, " , ").isPresent());
        assertTrue(RuleSet.problem(TriggerType.REGEX, "^hi$").isEmpty());
    }

    @Test
    void aCatastrophicPatternOnALongMessageFinishesQuickly() {
        RuleSet rules = RuleSet.of(List.of(rule(1, TriggerType.REGEX, "^(a+)+$", 0), rule(2, TriggerType.REGEX, "(x+x+)+y", 0)));
        String text = "a".repeat(50_000) + "!" + "x".repeat(50_000);
        long started = System.nanoTime();
        assertTrue(fired(rules, text).isEmpty());
        long millis = (System.nanoTime() - started) / 1_000_000;
        // Backtracking engines take longer than the age of the universe here; RE2 is linear.
        assertTrue(millis < 2_000, "took " + millis + " ms");
    }

    @Test
    void higherPriorityFirstThenLowerId() {
        RuleSet rules = RuleSet.of(List.of(rule(3, TriggerType.ANY, null, 1), rule(2, TriggerType.KEYWORD, "hi", 1),
                rule(1, TriggerType.KEYWORD, "hi", 9), rule(4, TriggerType.KEYWORD, "bye", 0)));
        assertEquals(Optional.of(1L), fired(rules, "hi"));
        assertEquals(Optional.of(3L), fired(rules, "bye"), "the any rule outranks bye");
        RuleSet byId = RuleSet.of(List.of(rule(3, TriggerType.ANY, null, 1), rule(2, TriggerType.KEYWORD, "hi", 1)));
        assertEquals(Optional.of(2L), fired(byId, "hi"));
    }

    @Test
    void firstMessageOnlyForTheFirst() {
        RuleSet rules = RuleSet.of(List.of(rule(1, TriggerType.FIRST_MESSAGE, null, 0)));
        assertTrue(rules.firstMatch(new Inbound("hello", true)).isPresent());
        assertTrue(rules.firstMatch(new Inbound("hello", false)).isEmpty());
        assertTrue(rules.firstMatch(new Inbound(null, true)).isPresent(), "an image as a first message is still one");
    }

    @Test
    void cooldownPerPeriod() {
        Cooldown cooldown = new Cooldown(Duration.ofMinutes(5));
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        assertTrue(cooldown.cooling(now.minusSeconds(60), now));
        assertTrue(!cooldown.cooling(now.minusSeconds(301), now));
        assertTrue(!cooldown.cooling(null, now));
        assertTrue(!new Cooldown(Duration.ZERO).cooling(now, now));
    }
}
