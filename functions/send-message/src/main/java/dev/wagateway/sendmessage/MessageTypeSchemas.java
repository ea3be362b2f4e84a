package dev.wagateway.sendmessage;

import dev.wagateway.shared.sending.MessageLimits;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The OpenAPI document's description of the interactive, location and contacts payloads: Meta's shapes with
 * Meta's limits ({@link MessageLimits}). The API takes these payloads as JSON objects and sends them to Meta as
 * written, so these records describe the request; they are never read or written themselves.
 */
final class MessageTypeSchemas {

    private MessageTypeSchemas() {
    }

    @Schema(name = "Interactive", description = "Reply buttons (type button), a list (type list) or a call-to-action URL "
            + "button (type cta_url), as Meta's Cloud API takes them.")
    record Interactive(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"button", "list", "cta_url"}) String type,
            @Nullable @Schema(description = "button and cta_url: text, image, video or document; list: text only") InteractiveHeader header,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "at most 1024 characters (list: 4096)") BodyText body,
            @Nullable @Schema(description = "at most 60 characters") BodyText footer,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) InteractiveAction action) {
    }

    @Schema(name = "InteractiveHeader")
    record InteractiveHeader(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"text", "image", "video", "document"}) String type,
            @Nullable @Schema(maxLength = MessageLimits.HEADER_TEXT_MAX) String text,
            @Nullable HeaderMedia image, @Nullable HeaderMedia video, @Nullable HeaderMedia document) {
    }

    @Schema(name = "HeaderMedia", description = "A file by media id (Meta's, or ours: media_...) or by https link: one of them.")
    record HeaderMedia(@Nullable String id, @Nullable @Schema(maxLength = MessageLimits.URL_MAX) String link) {
    }

    @Schema(name = "InteractiveText")
    record BodyText(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = MessageLimits.LIST_BODY_MAX)
                    String text) {
    }

    @Schema(name = "InteractiveAction", description = "button: buttons; list: button and sections; cta_url: name and parameters.")
    record InteractiveAction(
            @Nullable @ArraySchema(minItems = 1, maxItems = MessageLimits.BUTTONS_MAX) List<ReplyButton> buttons,
            @Nullable @Schema(description = "the list's button label", maxLength = MessageLimits.LIST_BUTTON_MAX) String button,
            @Nullable @ArraySchema(minItems = 1, maxItems = MessageLimits.SECTIONS_MAX,
                    arraySchema = @Schema(description = "at most 10 rows for all sections combined")) List<ListSection> sections,
            @Nullable @Schema(allowableValues = "cta_url") String name,
            @Nullable CallToAction parameters) {
    }

    @Schema(name = "ReplyButton")
    record ReplyButton(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "reply") String type,
                       @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ButtonReply reply) {
    }

    @Schema(name = "ButtonReply", description = "ids and titles are unique among the message's buttons")
    record ButtonReply(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = MessageLimits.BUTTON_ID_MAX) String id,
                       @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = MessageLimits.BUTTON_TITLE_MAX) String title) {
    }

    @Schema(name = "ListSection")
    record ListSection(@Nullable @Schema(description = "required when there is more than one section",
                               maxLength = MessageLimits.SECTION_TITLE_MAX) String title,
                       @ArraySchema(minItems = 1, maxItems = MessageLimits.ROWS_MAX) List<ListRow> rows) {
    }

    @Schema(name = "ListRow", description = "ids are unique among the rows of all sections")
    record ListRow(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = MessageLimits.ROW_ID_MAX) String id,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = MessageLimits.ROW_TITLE_MAX) String title,
                   @Nullable @Schema(maxLength = MessageLimits.ROW_DESCRIPTION_MAX) String description) {
    }

    @Schema(name = "CallToAction")
    record CallToAction(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, name = "display_text", minLength = 1,
                                maxLength = MessageLimits.CTA_DISPLAY_TEXT_MAX) String displayText,
                        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "http or https",
                                maxLength = MessageLimits.URL_MAX) String url) {
    }

    @Schema(name = "Location")
    record Location(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "-90", maximum = "90") double latitude,
                    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "-180", maximum = "180") double longitude,
                    @Nullable @Schema(maxLength = 1000) String name, @Nullable @Schema(maxLength = 1000) String address) {
    }

    @Schema(name = "ContactCard", description = "One contact card as Meta's Cloud API takes it.")
    record ContactCard(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) ContactName name,
                       @Nullable @Schema(description = "a date as YYYY-MM-DD, such as 1999-01-23") String birthday,
                       @Nullable List<ContactPhone> phones, @Nullable List<ContactEmail> emails,
                       @Nullable List<ContactUrl> urls, @Nullable List<ContactAddress> addresses, @Nullable ContactOrg org) {
    }

    @Schema(name = "ContactName", description = "formatted_name and at least one other part")
    record ContactName(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, name = "formatted_name") String formattedName,
                       @Nullable @Schema(name = "first_name") String firstName,
                       @Nullable @Schema(name = "last_name") String lastName,
                       @Nullable @Schema(name = "middle_name") String middleName,
                       @Nullable String suffix, @Nullable String prefix) {
    }

    @Schema(name = "ContactPhone")
    record ContactPhone(@Nullable String phone, @Nullable String type, @Nullable @Schema(name = "wa_id") String waId) {
    }

    @Schema(name = "ContactEmail")
    record ContactEmail(@Nullable String email, @Nullable String type) {
    }

    @Schema(name = "ContactUrl")
    record ContactUrl(@Nullable String url, @Nullable String type) {
    }

    @Schema(name = "ContactAddress")
    record ContactAddress(@Nullable String street, @Nullable String city, @Nullable String state, @Nullable String zip,
                          @Nullable String country, @Nullable @Schema(name = "country_code") String countryCode,
                          @Nullable String type) {
    }

    @Schema(name = "ContactOrg")
    record ContactOrg(@Nullable String company, @Nullable String department, @Nullable String title) {
    }
}
