package dev.wagateway.media;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.wagateway.shared.snapstart.Priming;
import jakarta.inject.Singleton;

import java.util.List;

import static dev.wagateway.shared.snapstart.PrimingEvents.request;
import static dev.wagateway.shared.snapstart.PrimingEvents.withUnknownKey;

/**
 * Before the SnapStart snapshot: each route refused for its unknown key (nothing read from S3, no call to Meta); and,
 * rolled back, a stored file the set-up records: its presigned link (the S3 presigner signs locally: no call to S3),
 * its redirect and its info, unknown media asked for and deleted (404 before S3), and an upload refused before it
 * reaches S3. No upload or delete goes to S3: the bucket is not the database, a rollback would not undo it.
 */
@Singleton
class MediaPriming implements Priming {

    private static final String STORED = "/v1/media/media_01JDQ4Z8S4K1V5G7C2M9R3T6WX";
    private static final String UNKNOWN = "/v1/media/media_01JDQ4Z8S4K1V5G7C2M9R3T6WZ";

    @Override
    public List<APIGatewayV2HTTPEvent> requests() {
        return List.of(
                withUnknownKey("GET", STORED, "", null),
                withUnknownKey("GET", STORED + "/info", "", null),
                withUnknownKey("DELETE", STORED, "", null));
    }

    @Override
    public List<String> setUp() {
        return List.of("INSERT INTO media (media_id, source, status, mime_type, file_name, file_size, sha256, object_key, stored_at)"
                + " VALUES ('media_01JDQ4Z8S4K1V5G7C2M9R3T6WX', 'upload', 'stored', 'image/png', 'priming.png', 8,"
                + " repeat('0', 64), 'snapstart-priming/priming.png', now())");
    }

    @Override
    public List<APIGatewayV2HTTPEvent> acceptedRequests() {
        APIGatewayV2HTTPEvent refusedUpload = request("POST", "/v1/media", "file_name=priming.exe", "priming");
        refusedUpload.getHeaders().put("content-type", "application/x-msdownload");
        return List.of(
                request("GET", STORED, "redirect=false", null),
                request("GET", STORED, "", null),
                request("GET", STORED + "/info", "", null),
                request("GET", UNKNOWN + "/info", "", null),
                request("DELETE", UNKNOWN, "", null),
                refusedUpload);
    }
}
