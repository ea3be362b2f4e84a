package dev.wagateway.listtemplates;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.wagateway.shared.snapstart.Priming;
import jakarta.inject.Singleton;

import java.util.List;

import static dev.wagateway.shared.snapstart.PrimingEvents.withUnknownKey;

/** Before the SnapStart snapshot: the listing and the sync, each refused for its unknown key (no call to Meta). */
@Singleton
class TemplatesPriming implements Priming {

    @Override
    public List<APIGatewayV2HTTPEvent> requests() {
        return List.of(
                withUnknownKey("GET", "/v1/templates", "status=APPROVED&limit=20", null),
                withUnknownKey("POST", "/v1/templates/sync", "", null));
    }
}
