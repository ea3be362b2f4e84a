package dev.wagateway.automation;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Active rules, compiled once, in the order they are tried: priority (higher first), then id. The first
 * rule that fires answers; one that cannot run (a regex RE2 refuses, a keyword rule without a word) is
 * never tried and is listed in {@link #unusable()} with why.
 */
public final class RuleSet {

    /** A rule that cannot run, and why. */
    public record Unusable(Rule rule, String reason) {
    }

    private sealed interface Trigger permits KeywordTrigger, RegexTrigger, FirstMessageTrigger, AnyTrigger {
        @Nullable String match(Inbound inbound, MessageWords words);
    }

    private final List<Compiled> compiled;
    private final List<Unusable> unusable;

    private record Compiled(Rule rule, Trigger trigger) {
    }

    private RuleSet(List<Compiled> compiled, List<Unusable> unusable) {
        this.compiled = compiled;
        this.unusable = unusable;
    }

    public static RuleSet of(List<Rule> rules) {
        List<Rule> ordered = new ArrayList<>(rules);
        ordered.sort(Comparator.comparingInt(Rule::priority).reversed().thenComparingLong(Rule::id));
        List<Compiled> compiled = new ArrayList<>();
        List<Unusable> unusable = new ArrayList<>();
        for (Rule rule : ordered) {
            try {
                compiled.add(new Compiled(rule, compile(rule)));
            } catch (IllegalArgumentException e) {
                unusable.add(new Unusable(rule, e.getMessage()));
            }
        }
        return new RuleSet(List.copyOf(compiled), List.copyOf(unusable));
    }

    /** Why the trigger of a rule being saved cannot run, or empty when it can. */
    public static Optional<String> problem(TriggerType trigger, @Nullable String value) {
        try {
            compile(new Rule(0, "", trigger, value, ResponseType.TEXT, null, 0));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The rule that answers this message, if any fires. */
    public Optional<RuleMatch> firstMatch(Inbound inbound) {
        MessageWords words = new MessageWords(inbound.text());
        for (Compiled candidate : compiled) {
            String matched = candidate.trigger.match(inbound, words);
            if (matched != null) {
                return Optional.of(new RuleMatch(candidate.rule, matched));
            }
        }
        return Optional.empty();
    }

    public List<Unusable> unusable() {
        return unusable;
    }

    public int size() {
        return compiled.size();
    }

    private static Trigger compile(Rule rule) {
        return switch (rule.trigger()) {
            case KEYWORD -> KeywordTrigger.of(rule.triggerValue());
            case REGEX -> RegexTrigger.of(rule.triggerValue());
            case FIRST_MESSAGE -> new FirstMessageTrigger();
            case ANY -> new AnyTrigger();
        };
    }

    /** The message's words, folded once for every keyword rule. */
    private static final class MessageWords {
        private final @Nullable String text;
        private Set<String> set;
        private String framed;

        MessageWords(@Nullable String text) {
            this.text = text;
        }

        boolean has(String word) {
            if (set == null) {
                set = new HashSet<>(Words.of(text == null ? "" : text));
            }
            return set.contains(word);
        }

        boolean hasPhrase(String framedPhrase) {
            if (framed == null) {
                framed = Words.framed(Words.of(text == null ? "" : text));
            }
            return framed.contains(framedPhrase);
        }
    }

    private record Keyword(String written, List<String> words, String framed) {
    }

    private record KeywordTrigger(List<Keyword> keywords) implements Trigger {
        static KeywordTrigger of(@Nullable String value) {
            List<Keyword> keywords = new ArrayList<>();
            for (String written : value == null ? new String[0] : value.split("[,\\n]")) {
                List<String> words = Words.of(written);
                if (!words.isEmpty()) {
                    keywords.add(new Keyword(written.strip(), words, Words.framed(words)));
                }
            }
            if (keywords.isEmpty()) {
                throw new IllegalArgumentException("a keyword rule needs at least one word (comma-separated keywords)");
            }
            return new KeywordTrigger(List.copyOf(keywords));
        }

        @Override
        public String match(Inbound inbound, MessageWords words) {
            if (inbound.text() == null) {
                return null;
            }
            for (Keyword keyword : keywords) {
                boolean found = keyword.words.size() == 1 ? words.has(keyword.words.getFirst()) : words.hasPhrase(keyword.framed);
                if (found) {
                    return keyword.written;
                }
            }
            return null;
        }
    }

    private record RegexTrigger(Pattern pattern) implements Trigger {
        static RegexTrigger of(@Nullable String value) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("a regex rule needs a pattern");
            }
            try {
                return new RegexTrigger(Pattern.compile(value));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("not a pattern RE2 accepts (no backreferences or lookaround): "
                        + e.getDescription());
            }
        }

        @Override
        public String match(Inbound inbound, MessageWords words) {
            if (inbound.text() == null) {
                return null;
            }
            Matcher matcher = pattern.matcher(inbound.text());
            return matcher.find() ? matcher.group() : null;
        }
    }

    private record FirstMessageTrigger() implements Trigger {
        @Override
        public String match(Inbound inbound, MessageWords words) {
            return inbound.firstMessage() ? (inbound.text() == null ? "" : inbound.text()) : null;
        }
    }

    private record AnyTrigger() implements Trigger {
        @Override
        public String match(Inbound inbound, MessageWords words) {
            return inbound.text() == null ? "" : inbound.text();
        }
    }
}
