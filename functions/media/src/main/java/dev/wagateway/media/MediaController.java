package dev.wagateway.media;

import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.swagger.v3.oas.annotations.Parameter;

import dev.wagateway.shared.auth.RequiresScope;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.problem.ProblemDocs;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;


@Controller("/v1/media")
@ExecuteOn(TaskExecutors.BLOCKING)
class MediaController {

    private final MediaService media;

    MediaController(MediaService media) {
        this.media = media;
    }

    /**
     * The file: 302 to a link of the media bucket that works for a few minutes and needs no key (fetch it at once;
     * ask again for a new one); with {@code redirect=false}, 200 with that link instead. Scope {@code media:read}.
     * 409 {@code media-not-stored} while the media job has not fetched it from Meta yet (pending) or when it could
     * not (failed: the detail says why).
     *
     * @param id       the media's id ({@code media_...}), as messages show it
     * @param redirect false: answer the link as JSON rather than redirect to it
     */
    @Get("/{id}")
    @RequiresScope(Scopes.MEDIA_READ)
    @ApiResponse(responseCode = "302", description = "The file, at a short-lived link of the media bucket",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Location", required = true,
                    description = "The link; it works for a few minutes", schema = @Schema(type = "string", format = "uri")))
    @ApiResponse(responseCode = "200", description = "The link (with redirect=false)",
            content = @Content(schema = @Schema(implementation = MediaLink.class)))
    @ProblemDocs.NotFound
    @ProblemDocs.Conflict
    @ProblemDocs.ServiceUnavailable
    HttpResponse<MediaLink> getMedia(@PathVariable String id, @QueryValue(defaultValue = "true") boolean redirect) {
        MediaService.Link link = media.link(id);
        if (!redirect) {
            return HttpResponse.ok(new MediaLink(link.url().toString(), link.expiresAt()));
        }
        return HttpResponse.<MediaLink>status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, link.url().toString());
    }

    /**
     * What is known of the file: its status, type, size, sha256, and where it came from. Scope {@code media:read}.
     *
     * @param id the media's id ({@code media_...})
     * @return the media
     */
    @Get("/{id}/info")
    @RequiresScope(Scopes.MEDIA_READ)
    @ProblemDocs.NotFound
    MediaView getMediaInfo(@PathVariable String id) {
        return MediaView.of(media.find(id));
    }

    /**
     * Uploads a file to send: the body is the file, {@code Content-Type} its type (one WhatsApp takes: JPEG or PNG
     * images up to 5 MB, WebP stickers up to 500 KB, MP4 or 3GPP video and AAC, AMR, MP3, MP4 or OGG audio up to
     * 16 MB, PDF, text and Office documents; through this API at most 4 MB). 201 with the media; it is kept in the
     * bucket and handed to Meta too (a send by its id uploads it again when Meta's copy is gone). Scope
     * {@code media:write}. 415 {@code media-type-not-supported}; 413 {@code media-too-large} past WhatsApp's
     * limit for the type.
     *
     * @param fileName the file's name, for documents (shown to the recipient) and downloads
     * @return the media
     */
    @Post(consumes = MediaType.ALL)
    @RequiresScope(Scopes.MEDIA_WRITE)
    @ApiResponse(responseCode = "201", description = "Stored", content = @Content(schema = @Schema(implementation = MediaView.class)))
    @ProblemDocs.BadRequest
    @ProblemDocs.PayloadTooLarge
    @ProblemDocs.ServiceUnavailable
    HttpResponse<MediaView> uploadMedia(@Body @RequestBody(required = true, content = @Content(mediaType = "*/*",
                                                schema = @Schema(type = "string", format = "byte"),
                                                examples = @ExampleObject(name = "png", value = "UE5HIGJ5dGVz"))) byte[] body,
                                        @Header(HttpHeaders.CONTENT_TYPE) @Nullable String contentType,
                                        @QueryValue("file_name") @Nullable String fileName,
                                        @Parameter(hidden = true) @Header(ApiGatewayHandler.MULTIPART_CONTENT_TYPE) @Nullable String formType) {
        // Through Lambda a form arrives as bytes, its type beside them (ApiGatewayHandler); over HTTP as itself.
        MediaView stored = MediaView.of(media.upload(body, formType != null ? formType : contentType, fileName));
        return HttpResponse.created(stored).header(HttpHeaders.LOCATION, "/v1/media/" + stored.id());
    }

    /**
     * Deletes the file from the bucket (a message's media, or an upload); the media then answers 404. Scope
     * {@code media:write}. 204.
     *
     * @param id the media's id ({@code media_...})
     */
    @Delete("/{id}")
    @RequiresScope(Scopes.MEDIA_WRITE)
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ProblemDocs.NotFound
    @ProblemDocs.ServiceUnavailable
    HttpResponse<Void> deleteMedia(@PathVariable String id) {
        media.delete(id);
        return HttpResponse.noContent();
    }
}
