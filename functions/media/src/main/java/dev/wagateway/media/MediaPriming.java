package dev.wagateway.media;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.wagateway.shared.snapstart.Priming;
import jakarta.inject.Singleton;

import java.util.List;

import static dev.wagateway.shared.snapstart.PrimingEvents.withUnknownKey;

/** Before the SnapStart snapshot: each route refused for its unknown key (nothing read from S3, no call to Meta). */
@Singleton
class MediaPriming implements Priming {

    @Override
    public List<APIGatewayV2HTTPEvent> requests() {
        return List.of(
                withUnknownKey("GET", "/v1/media/media_01JDQ4Z8S4K1V5G7C2M9R3T6WX", "", null),
                withUnknownKey("GET", "/v1/media/media_01JDQ4Z8S4K1V5G7C2M9R3T6WX/info", "", null),
                withUnknownKey("DELETE", "/v1/media/media_01JDQ4Z8S4K1V5G7C2M9R3T6WX", "", null));
    }
}
