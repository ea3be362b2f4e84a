package dev.wagateway.automation;

import java.util.Arrays;
import java.util.Optional;

/** What a rule answers with, as {@code automation_rules.response_type} spells it. */
public enum ResponseType {
    /** The response value as a text message ({@code {{name}}}-style placeholders filled in). */
    TEXT("text"),
    /** A template: its name, or {@code name:language}, or a JSON object {@code {name, language, parameters}}. */
    TEMPLATE("template"),
    /** Starts the flow whose id is the response value. */
    FLOW("flow");

    private final String column;

    ResponseType(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    public static Optional<ResponseType> of(String column) {
        return Arrays.stream(values()).filter(t -> t.column.equals(column)).findFirst();
    }
}
