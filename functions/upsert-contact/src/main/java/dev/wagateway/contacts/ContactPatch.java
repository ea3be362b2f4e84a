package dev.wagateway.contacts;

import dev.wagateway.shared.contact.ContactChanges;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import dev.wagateway.shared.problem.StorableText;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import java.io.IOException;
import java.util.Set;

/**
 * The body of {@code PUT /v1/contacts/{ref}} read as a JSON merge patch (RFC 7396): a member left out is
 * left as it is, a member sent as {@code null} is cleared. A record alone cannot tell the two apart, so the
 * body is read once as a tree (for which members are there, and for text PostgreSQL cannot store) and once
 * as a {@link ContactRequest} (for its validation).
 */
@Singleton
class ContactPatch {

    private final JsonMapper json;
    private final Validator validator;

    ContactPatch(JsonMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /** The body as the request it is, and what it clears. */
    record Read(ContactRequest request, boolean clearName, boolean clearPicture) {

        ContactChanges changes(boolean replaceMetadata) {
            return new ContactChanges(request.name(), request.profilePictureUrl(), request.metadata(), replaceMetadata,
                    clearName, clearPicture);
        }
    }

    Read read(@Nullable byte[] body) {
        if (body == null || body.length == 0) {
            return new Read(new ContactRequest(null, null, null), false, false);
        }
        JsonNode tree;
        ContactRequest request;
        try {
            tree = json.readValue(body, JsonNode.class);
            if (tree == null || tree.isNull()) {
                return new Read(new ContactRequest(null, null, null), false, false);
            }
            if (!tree.isObject()) {
                throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body must be a JSON object.");
            }
            // Text PostgreSQL cannot store as sent (NUL, lone surrogates), anywhere in the body: refused first.
            StorableText.refuse(tree);
            request = json.readValue(body, ContactRequest.class);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException problem) {
                throw problem;
            }
            throw new ProblemException(ProblemType.MALFORMED_REQUEST,
                    "The body is not a contact (an object with name, profile_picture_url and metadata, each optional).");
        }
        Set<ConstraintViolation<ContactRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return new Read(request, sentAsNull(tree, "name"), sentAsNull(tree, "profile_picture_url"));
    }

    private static boolean sentAsNull(JsonNode object, String member) {
        JsonNode value = object.get(member);
        return value != null && value.isNull();
    }
}
