package dev.wagateway.shared.template;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Template statuses and categories as Meta writes them, what older spellings mean, and the body
 * facts a send is checked against.
 */
public final class TemplateVocabulary {

    public static final List<String> STATUSES = List.of("APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED",
            "IN_APPEAL", "PENDING_DELETION", "DELETED", "LIMIT_EXCEEDED");
    public static final List<String> CATEGORIES = List.of("MARKETING", "UTILITY", "AUTHENTICATION");

    // Meta's categories before 2023 (and the legacy gateway's names), in today's three.
    private static final Map<String, String> OLD_CATEGORIES = Map.ofEntries(
            Map.entry("TRANSACTIONAL", "UTILITY"),
            Map.entry("OTP", "AUTHENTICATION"),
            Map.entry("ACCOUNT_UPDATE", "UTILITY"),
            Map.entry("ALERT_UPDATE", "UTILITY"),
            Map.entry("APPOINTMENT_UPDATE", "UTILITY"),
            Map.entry("AUTO_REPLY", "UTILITY"),
            Map.entry("ISSUE_RESOLUTION", "UTILITY"),
            Map.entry("PAYMENT_UPDATE", "UTILITY"),
            Map.entry("PERSONAL_FINANCE_UPDATE", "UTILITY"),
            Map.entry("RESERVATION_UPDATE", "UTILITY"),
            Map.entry("SHIPPING_UPDATE", "UTILITY"),
            Map.entry("TICKET_UPDATE", "UTILITY"),
            Map.entry("TRANSPORTATION_UPDATE", "UTILITY"));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}\\s]+)\\s*}}");

    private TemplateVocabulary() {
    }

    /** Meta's spelling of a status ({@code approved}, {@code In appeal} -> {@code APPROVED}, {@code IN_APPEAL}). */
    public static Optional<String> status(String spelled) {
        String canonical = canonical(spelled);
        return STATUSES.contains(canonical) ? Optional.of(canonical) : Optional.empty();
    }

    /** Meta's spelling of a category, old category names mapped to today's. */
    public static Optional<String> category(String spelled) {
        String canonical = canonical(spelled);
        if (CATEGORIES.contains(canonical)) {
            return Optional.of(canonical);
        }
        return Optional.ofNullable(OLD_CATEGORIES.get(canonical));
    }

    /** The text of the BODY component; null when there is none. */
    public static String bodyText(List<?> components) {
        for (Object component : components) {
            if (component instanceof Map<?, ?> map && "BODY".equalsIgnoreCase(String.valueOf(map.get("type")))
                    && map.get("text") instanceof String text) {
                return text;
            }
        }
        return null;
    }

    /** How many distinct parameters ({@code {{1}}} or {@code {{name}}}) the body text has. */
    public static int bodyParameterCount(String bodyText) {
        if (bodyText == null) {
            return 0;
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(bodyText);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names.size();
    }

    private static String canonical(String spelled) {
        return spelled == null ? "" : spelled.strip().replace(' ', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
