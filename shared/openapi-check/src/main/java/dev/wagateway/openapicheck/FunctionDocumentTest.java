package dev.wagateway.openapicheck;

import io.micronaut.json.JsonMapper;
import io.micronaut.web.router.Router;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every HTTP function's {@code OpenApiDocumentTest} checks of its generated document against the
 * running function; a function's test extends it (with {@code @MicronautTest}) and adds what is its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FunctionDocumentTest {

    protected final OpenApiDocument document;

    protected FunctionDocumentTest(String function) {
        this.document = OpenApiDocument.of(function);
    }

    /** The function's router (its routes as registered). */
    protected abstract Router router();

    /** The application's JSON mapper. */
    protected abstract JsonMapper json();

    /**
     * The annotation that names a route's scope, by name: auth's {@code RequiresScope}, which a function
     * without API keys (receive-webhook) does not have on its classpath.
     */
    protected static final String SCOPE_ANNOTATION = "dev.wagateway.shared.auth.RequiresScope";

    /** A fully set instance of each body type, by schema name (see {@link OpenApiDocument#assertSchemasMatchJson}). */
    protected abstract Map<String, Object> bodyExamples();

    /** The error statuses each operation must document, by {@code METHOD /path}. */
    protected abstract Map<String, Set<Integer>> problemStatuses();

    @Test
    void documentsEveryRouteAndItsScope() {
        document.assertDocumentsRoutesOf(router(), SCOPE_ANNOTATION);
    }

    @Test
    void propertyNamesAreTheJsonWritten() {
        document.assertSchemasMatchJson(json(), bodyExamples());
    }

    @Test
    void theApiKeyGuardsExactlyTheV1Routes() {
        document.assertApiKeyOnV1Only();
    }

    @Test
    void errorsAreProblemsWithTheStatusesTheRoutesAnswer() {
        document.assertProblemAnswers();
        assertEquals(problemStatuses(), document.problemStatuses());
    }

    /** The check every answer of the function's tests goes through finds what drifts from the document. */
    @Test
    void anAnswerThatDriftsFromTheDocumentIsCaught() {
        DocumentedAnswers answers = DocumentedAnswers.onClasspath();
        String operation = document.operations().iterator().next();
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "probe");
        List<String> unknownStatus = answers.problems(method, path, 418, Map.of("X-Correlation-Id", "c"), "");
        assertFalse(unknownStatus.isEmpty(), "an undocumented status passed");
        List<String> wrongProblem = answers.problems(method, path, 500,
                Map.of("X-Correlation-Id", "c", "Content-Type", OpenApiDocument.PROBLEM_JSON), "{\"type\":1}");
        assertTrue(wrongProblem.stream().anyMatch(problem -> problem.contains("required")), wrongProblem.toString());
        List<String> noCorrelationId = answers.problems(method, path, 500, Map.of("Content-Type", OpenApiDocument.PROBLEM_JSON),
                "{\"type\":\"urn:wa-gateway:problem:internal-error\",\"title\":\"Internal error\",\"status\":500}");
        assertTrue(noCorrelationId.stream().anyMatch(problem -> problem.contains("X-Correlation-Id")), noCorrelationId.toString());
    }
}
