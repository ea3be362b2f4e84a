package dev.wagateway.openapicheck;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.client.exceptions.HttpClientResponseException;

import java.util.Map;
import java.util.TreeMap;

/**
 * Every answer a Micronaut HTTP client of a function's test receives (the {@code @Client("/")} of its
 * tests), held to the function's document, errors included (the blocking client throws them). Answers of
 * other servers (the fake Graph API, a subscriber) are to paths the document does not have, which
 * {@link DocumentedAnswers} leaves alone.
 */
@ClientFilter(ClientFilter.MATCH_ALL_PATTERN)
final class DocumentedAnswersClientFilter {

    @ResponseFilter
    void answered(HttpRequest<?> request, HttpResponse<?> response) {
        check(request, response);
    }

    @ResponseFilter
    void refused(HttpRequest<?> request, HttpClientResponseException failure) {
        check(request, failure.getResponse());
    }

    private static void check(HttpRequest<?> request, @Nullable HttpResponse<?> response) {
        DocumentedAnswers answers = DocumentedAnswers.onClasspath();
        if (answers == null || response == null) {
            return;
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.getHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        String body = response.getBody(String.class).orElse("");
        String target = request.getUri().getRawPath() + (request.getUri().getRawQuery() == null ? "" : "?" + request.getUri().getRawQuery());
        answers.check(request.getMethodName(), target, response.code(), headers, body);
    }
}
