package dev.wagateway.automation;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text as keywords compare it: accents dropped ("preço" is "preco"), case folded, split into words at
 * anything that is neither a letter nor a digit, so "Price?" holds the word "price" and "prices" does not.
 */
public final class Words {

    private Words() {
    }

    /** The text without accents, in lower case. */
    public static String fold(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder folded = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            int type = Character.getType(c);
            if (type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK && type != Character.COMBINING_SPACING_MARK) {
                folded.append(c);
            }
        }
        return folded.toString().toLowerCase(Locale.ROOT);
    }

    /** The folded words of the text, in order. */
    public static List<String> of(String text) {
        String folded = fold(text);
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < folded.length(); ) {
            int codePoint = folded.codePointAt(i);
            boolean wordy = Character.isLetterOrDigit(codePoint);
            if (wordy && start < 0) {
                start = i;
            } else if (!wordy && start >= 0) {
                words.add(folded.substring(start, i));
                start = -1;
            }
            i += Character.charCount(codePoint);
        }
        if (start >= 0) {
            words.add(folded.substring(start));
        }
        return words;
    }

    /** The words joined by one space and framed by spaces, so " a b " holds the phrase " a b " only at word edges. */
    public static String framed(List<String> words) {
        return " " + String.join(" ", words) + " ";
    }
}
