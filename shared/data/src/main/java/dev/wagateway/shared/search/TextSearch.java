package dev.wagateway.shared.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what a person typed into a search box into safe PostgreSQL full-text input.
 * Searches use the {@code simple} configuration: words of any language are kept as written.
 */
public final class TextSearch {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+");
    private static final int MAX_WORDS = 8;

    private TextSearch() {
    }

    /**
     * A {@code to_tsquery} that matches rows holding every typed word as a word prefix
     * ({@code "mar sil"} finds "Maria Silva"); empty when nothing searchable was typed.
     * Each word is quoted, so no operator a caller types reaches the query parser.
     */
    public static Optional<String> prefixQuery(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        List<String> terms = new ArrayList<>();
        Matcher matcher = WORD.matcher(typed.toLowerCase(Locale.ROOT));
        while (matcher.find() && terms.size() < MAX_WORDS) {
            terms.add("'" + matcher.group() + "':*");
        }
        return terms.isEmpty() ? Optional.empty() : Optional.of(String.join(" & ", terms));
    }

    /** The digits a caller typed, when there are enough of them to look for in phone numbers. */
    public static Optional<String> phoneDigits(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String digits = typed.replaceAll("[^0-9]", "");
        return digits.length() >= 3 ? Optional.of(digits) : Optional.empty();
    }

    /** {@code text} for a {@code LIKE ... ESCAPE '\'} pattern that matches it literally. */
    public static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
