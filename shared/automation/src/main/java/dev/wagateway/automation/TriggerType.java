package dev.wagateway.automation;

import java.util.Arrays;
import java.util.Optional;

/** What makes a rule fire, as {@code automation_rules.trigger_type} spells it. */
public enum TriggerType {
    /** Any of the comma-separated words or phrases of the trigger value, as whole words, case and accents ignored. */
    KEYWORD("keyword"),
    /** The RE2 pattern of the trigger value found anywhere in the text. */
    REGEX("regex"),
    /** The contact's first inbound message. */
    FIRST_MESSAGE("first_message"),
    /** Every inbound message. */
    ANY("any");

    private final String column;

    TriggerType(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    public static Optional<TriggerType> of(String column) {
        return Arrays.stream(values()).filter(t -> t.column.equals(column)).findFirst();
    }
}
