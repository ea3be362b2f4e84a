package dev.wagateway.automation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Benchmark (a program, not a test): one inbound message against 1,000 active rules (keywords, phrases,
 * RE2 patterns, like a team's real set, the matching one among the last), p50/p99 of the whole evaluation against
 * the floor (p99 under 5 ms), side by side with a message no rule matches.
 * {@code scripts/benchmark automation}.
 */
public final class RuleBenchmark {

    private RuleBenchmark() {
    }

    public static void main(String[] args) {
        Random random = new Random(21);
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            TriggerType trigger = i % 4 == 3 ? TriggerType.REGEX : TriggerType.KEYWORD;
            String value = trigger == TriggerType.REGEX ? "^(order|pedido)\\s+#?" + i + "\\b" : "produto" + i + ", preço " + i + ", item" + i;
            rules.add(new Rule(i + 1, "rule " + i, trigger, value, ResponseType.TEXT, "reply", random.nextInt(10) == 0 ? 1 : 0));
        }
        RuleSet set = RuleSet.of(rules);
        String hit = "Olá! Qual é o PREÇO 998 do produto que vi ontem? Obrigado " + "e mais algumas palavras ".repeat(10);
        String miss = "Olá! Nada a ver com regras aqui, só uma mensagem comprida " + "e mais algumas palavras ".repeat(10);
        for (int i = 0; i < 20_000; i++) {
            set.firstMatch(new Inbound(i % 2 == 0 ? hit : miss, false));
        }
        RuleMatch matched = set.firstMatch(new Inbound(hit, false)).orElseThrow(() -> new IllegalStateException("no rule matched"));
        if (set.firstMatch(new Inbound(miss, false)).isPresent()) {
            throw new IllegalStateException("a rule matched the message meant to match none");
        }
        long[] hits = measure(set, hit);
        long[] misses = measure(set, miss);
        System.out.printf("rule evaluation, %d active rules (%d unusable), message of %d chars:%n", set.size(), set.unusable().size(), hit.length());
        print("matching rule " + matched.rule().id(), hits);
        print("matching none", misses);
        System.out.printf("floor p99 < 5 ms: p99/floor %.3f (matching) %.3f (none)%n", hits[hits.length * 99 / 100] / 5e6,
                misses[misses.length * 99 / 100] / 5e6);
    }

    private static long[] measure(RuleSet set, String text) {
        long[] times = new long[5_000];
        for (int i = 0; i < times.length; i++) {
            long started = System.nanoTime();
            set.firstMatch(new Inbound(text, false));
            times[i] = System.nanoTime() - started;
        }
        Arrays.sort(times);
        return times;
    }

    private static void print(String what, long[] sorted) {
        System.out.printf("  %-24s p50 %.3f ms  p99 %.3f ms  max %.3f ms%n", what, sorted[sorted.length / 2] / 1e6,
                sorted[sorted.length * 99 / 100] / 1e6, sorted[sorted.length - 1] / 1e6);
    }
}
