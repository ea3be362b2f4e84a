package dev.wagateway.shared.whatsapp;

/**
 * No answer from the Graph API after every allowed attempt: the connection failed, was dropped,
 * or timed out. Meta may still have received and acted on the request.
 */
public final class GraphApiUnavailableException extends RuntimeException {

    private final int attempts;

    public GraphApiUnavailableException(String operation, int attempts, Throwable cause) {
        super(operation + ": no answer from the Graph API after " + attempts + " attempt(s): "
                + cause.getClass().getSimpleName(), cause);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
