package dev.wagateway.webhook;

import dev.wagateway.shared.problem.ProblemType;
import io.micronaut.http.HttpStatus;

/** The errors only this function answers with, beside the common ones of {@link ProblemType}. */
final class WebhookProblems {

    static final ProblemType INVALID_SIGNATURE = new ProblemType("invalid-signature", HttpStatus.UNAUTHORIZED,
            "The delivery is not signed with the app secret");
    static final ProblemType VERIFICATION_FAILED = new ProblemType("verification-failed", HttpStatus.FORBIDDEN,
            "The verification request does not match this webhook");
    static final ProblemType UNSUPPORTED_OBJECT = new ProblemType("unsupported-object", HttpStatus.BAD_REQUEST,
            "The delivery is not about a WhatsApp Business Account");

    private WebhookProblems() {
    }
}
