package dev.wagateway.automation;

/**
 * The rule that answers a message, and the text that made it fire (the keyword as written in the
 * message, the regex's match, or the whole text for {@code first_message} and {@code any}).
 */
public record RuleMatch(Rule rule, String matchedText) {
}
