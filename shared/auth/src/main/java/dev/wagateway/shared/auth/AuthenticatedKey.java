package dev.wagateway.shared.auth;

import java.util.List;

/**
 * The API key a request was made with, once it checked out; controllers read it from the request
 * attribute {@link ApiKeyFilter#AUTHENTICATED_KEY}.
 */
public record AuthenticatedKey(String id, String name, List<String> scopes, int rateLimit) {
}
