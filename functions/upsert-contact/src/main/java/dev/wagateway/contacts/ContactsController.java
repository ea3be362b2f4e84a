package dev.wagateway.contacts;

import dev.wagateway.shared.auth.RequiresScope;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.contact.ContactChanges;
import dev.wagateway.shared.contact.ContactService;
import dev.wagateway.shared.paging.Page;
import dev.wagateway.shared.phone.PhoneNumbers;
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
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

@Controller("/v1/contacts")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemDocs.BadRequest
public class ContactsController {

    static final int MAX_METADATA_BYTES = 16 * 1024;

    private final ContactService contacts;
    private final JsonMapper json;

    public ContactsController(ContactService contacts, JsonMapper json) {
        this.contacts = contacts;
        this.json = json;
    }

    /**
     * Creates (201) or updates (200) the contact of a phone written in any common way. Scope {@code contacts:write}.
     *
     * @param phone    the contact's phone, with its country code (for example {@code +15550102030} or {@code 0044 20 7946 0958})
     * @param metadata {@code merge} (the default) merges the body's metadata into the stored one; {@code replace} replaces it
     * @return the contact as stored
     */
    @Put("/{phone:[^/]+}")
    @RequiresScope(Scopes.CONTACTS_WRITE)
    @ApiResponse(responseCode = "200", description = "The contact was there and is updated", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "201", description = "The contact is new", useReturnTypeSchema = true)
    public HttpResponse<ContactView> upsert(@PathVariable String phone,
                                            @Body @Nullable @Valid ContactRequest body,
                                            @QueryValue(defaultValue = "merge") @Pattern(regexp = "merge|replace") String metadata) {
        ContactRequest request = body == null ? new ContactRequest(null, null, null) : body;
        checkMetadataSize(request.metadata());
        ContactService.Upserted result = contacts.upsert(e164ForUpsert(phone), new ContactChanges(request.name(),
                request.profilePictureUrl(), request.metadata(), "replace".equals(metadata)));
        return HttpResponse.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(ContactView.of(result.contact()));
    }

    /**
     * The live contact of a phone. Scope {@code contacts:read}.
     *
     * @param phone the contact's phone, in any common spelling
     * @return the contact
     */
    @Get("/{phone:[^/]+}")
    @RequiresScope(Scopes.CONTACTS_READ)
    @ProblemDocs.NotFound
    public ContactView get(@PathVariable String phone) {
        String normalised = e164(phone);
        return contacts.find(normalised).map(ContactView::of)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No contact with the phone " + normalised + "."));
    }

    /**
     * Live contacts whose name words start with, or whose phone contains, what {@code q} holds; most recently
     * messaged first. Scope {@code contacts:read}.
     *
     * @param q      words of a name, or digits of a phone; absent: every live contact
     * @param cursor the {@code next_cursor} of the page before
     * @param limit  contacts per page
     * @return one page of contacts
     */
    @Get
    @RequiresScope(Scopes.CONTACTS_READ)
    public Page<ContactView> search(@Nullable @QueryValue String q,
                                    @Nullable @QueryValue String cursor,
                                    @QueryValue(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return contacts.search(q, cursor, limit).map(ContactView::of);
    }

    /**
     * Soft-deletes the contact (204): its phone is free for a new contact, its messages stay. Scope {@code contacts:write}.
     *
     * @param phone the contact's phone, in any common spelling
     */
    @Delete("/{phone:[^/]+}")
    @RequiresScope(Scopes.CONTACTS_WRITE)
    @ProblemDocs.NotFound
    @Status(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String phone) {
        String normalised = e164(phone);
        if (!contacts.delete(normalised)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No contact with the phone " + normalised + ".");
        }
    }

    /** A stored contact's phone: a valid number, or one old data holds (possible, not valid: the import keeps those). */
    private static String e164(String phone) {
        return PhoneNumbers.toStoredE164(phone).orElseThrow(ContactsController::invalidPhone);
    }

    /** A new contact needs a valid number; a stored one keeps the number it has. */
    private String e164ForUpsert(String phone) {
        String normalised = e164(phone);
        if (PhoneNumbers.toE164(phone).isEmpty() && contacts.find(normalised).isEmpty() && !contacts.hasDeleted(normalised)) {
            throw invalidPhone();
        }
        return normalised;
    }

    private static ProblemException invalidPhone() {
        return ProblemException.invalidField("phone",
                "is not a valid phone number with its country code (for example +15550102030 or 0044 20 7946 0958)");
    }

    private void checkMetadataSize(@Nullable Map<String, Object> metadata) {
        if (metadata == null) {
            return;
        }
        try {
            if (json.writeValueAsBytes(metadata).length > MAX_METADATA_BYTES) {
                throw ProblemException.invalidField("metadata", "must be at most 16 KB of JSON");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
