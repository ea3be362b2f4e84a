package dev.wagateway.contacts;

import dev.wagateway.shared.auth.RequiresScope;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.contact.ContactReference;
import dev.wagateway.shared.contact.ContactService;
import dev.wagateway.shared.json.MetadataSize;
import dev.wagateway.shared.paging.Cursor;
import dev.wagateway.shared.paging.Page;
import dev.wagateway.shared.problem.ProblemDocs;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;


@Controller("/v1/contacts")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemDocs.BadRequest
public class ContactsController {

    private static final String EXAMPLE = """
            {"name": "Ana Souza", "profile_picture_url": "https://example.com/ana.jpg", "metadata": {"tier": "gold", "crm_id": 4711}}""";

    private final ContactService contacts;
    private final ContactPatch patches;
    private final JsonMapper json;

    public ContactsController(ContactService contacts, ContactPatch patches, JsonMapper json) {
        this.contacts = contacts;
        this.patches = patches;
        this.json = json;
    }

    /**
     * Creates (201) or updates (200) the contact of a phone written in any common way or of a
     * business-scoped user id; updates (200) the contact with that id. Scope {@code contacts:write}. When the
     * phone or user id belongs to a deleted contact, that contact comes back (200, {@code "restored": true}):
     * its id, created_at, metadata and picture as they were, with this body's changes applied, and its
     * messages still its own.
     *
     * @param ref      the contact's id ({@code contact_...}), phone with its country code (for example
     *                 {@code +15550102030} or {@code 0044 20 7946 0958}), or business-scoped user id (for example
     *                 {@code US.13491208655302741918}, or a parent one such as {@code US.ENT.11815799212886844830})
     * @param metadata {@code merge} (the default) merges the body's metadata into the stored one; {@code replace} replaces it
     * @return the contact as stored
     */
    @Put("/{ref:[^/]+}")
    @RequiresScope(Scopes.CONTACTS_WRITE)
    @ApiResponse(responseCode = "200", description = "The contact was there and is updated, or was deleted and is restored "
            + "(`restored: true`)", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "201", description = "The contact is new", useReturnTypeSchema = true)
    @ProblemDocs.NotFound
    public HttpResponse<ContactView> upsertContact(@PathVariable String ref,
                                            @Body @Nullable @RequestBody(content = @Content(
                                                    schema = @Schema(implementation = ContactRequest.class),
                                                    examples = @ExampleObject(name = "contact", value = EXAMPLE))) byte[] body,
                                            @QueryValue(defaultValue = "merge") @Pattern(regexp = "merge|replace") String metadata) {
        ContactPatch.Read patch = patches.read(body);
        MetadataSize.check(json, patch.request().metadata());
        ContactReference reference = reference(ref);
        if (reference.isStoredOnlyPhone() && contacts.find(reference).isEmpty()) {
            // A number old data holds (possible, not valid) reaches its stored contact; a new contact needs a valid one.
            throw ProblemException.invalidField("ref", "is not " + ContactReference.DESCRIPTION);
        }
        ContactService.Upserted result = contacts.upsert(reference, patch.changes("replace".equals(metadata)))
                .orElseThrow(() -> notFound(ref));
        if (result.restored()) {
            return HttpResponse.ok(ContactView.restored(result.contact()));
        }
        return HttpResponse.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(ContactView.of(result.contact()));
    }

    /**
     * The live contact with this id, phone or business-scoped user id. Scope {@code contacts:read}.
     *
     * @param ref the contact's id ({@code contact_...}), phone in any common spelling, or business-scoped
     *            user id (for example {@code US.13491208655302741918})
     * @return the contact
     */
    @Get("/{ref:[^/]+}")
    @RequiresScope(Scopes.CONTACTS_READ)
    @ProblemDocs.NotFound
    public ContactView getContact(@PathVariable String ref) {
        return contacts.find(reference(ref)).map(ContactView::of).orElseThrow(() -> notFound(ref));
    }

    /**
     * Live contacts whose name or username words start with, or whose phone contains, what {@code q} holds, or
     * the contact with the business-scoped user id {@code q} is; most recently messaged first. Scope {@code contacts:read}.
     *
     * @param q      words of a name or username, digits of a phone, or a whole business-scoped user id; absent: every
     *               live contact
     * @param cursor the {@code next_cursor} of the page before
     * @param limit  contacts per page
     * @return one page of contacts
     */
    @Get
    @RequiresScope(Scopes.CONTACTS_READ)
    public Page<ContactView> searchContacts(@Nullable @QueryValue String q,
                                    @Nullable @QueryValue String cursor,
                                    @QueryValue(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return contacts.search(q, cursor, limit).map(ContactView::of)
                .withinAnswerLimit(view -> Page.answerBytes(json, view), view -> Cursor.after(view.lastMessageAt(), view.id()));
    }

    /**
     * Soft-deletes the contact (204): its phone and business-scoped user ids are free for a new contact, its messages
     * stay. Scope {@code contacts:write}.
     *
     * @param ref the contact's id ({@code contact_...}), phone in any common spelling, or business-scoped user id
     */
    @Delete("/{ref:[^/]+}")
    @RequiresScope(Scopes.CONTACTS_WRITE)
    @ProblemDocs.NotFound
    @Status(HttpStatus.NO_CONTENT)
    public void deleteContact(@PathVariable String ref) {
        if (!contacts.delete(reference(ref))) {
            throw notFound(ref);
        }
    }

    private static ContactReference reference(String ref) {
        return ContactReference.parse(ref).orElseThrow(() -> ProblemException.invalidField("ref",
                "is not " + ContactReference.DESCRIPTION));
    }

    private static ProblemException notFound(String ref) {
        ContactReference reference = reference(ref);
        String named = switch (reference) {
            case ContactReference.ById byId -> "the id " + byId.id();
            case ContactReference.ByIdentity byIdentity -> switch (byIdentity.identity().kind()) {
                case PHONE -> "the phone " + byIdentity.identity().value();
                case USER_ID -> "the business-scoped user id " + byIdentity.identity().value();
                case PARENT_USER_ID -> "the parent business-scoped user id " + byIdentity.identity().value();
            };
        };
        return new ProblemException(ProblemType.NOT_FOUND, "No contact with " + named + ".");
    }
}
