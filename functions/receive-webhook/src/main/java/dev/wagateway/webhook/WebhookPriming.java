package dev.wagateway.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.wagateway.shared.snapstart.Priming;
import jakarta.inject.Singleton;

import java.util.List;

import static dev.wagateway.shared.snapstart.PrimingEvents.request;

/**
 * Before the SnapStart snapshot: Meta's handshake with a wrong verify token (403), and a delivery whose signature
 * does not match (401, refused before it is read or stored).
 */
@Singleton
class WebhookPriming implements Priming {

    @Override
    public List<APIGatewayV2HTTPEvent> requests() {
        APIGatewayV2HTTPEvent delivery = request("POST", "/webhooks/whatsapp", "",
                "{\"object\":\"whatsapp_business_account\",\"entry\":[]}");
        delivery.getHeaders().put(WebhookSignature.HEADER.toLowerCase(), "sha256=" + "0".repeat(64));
        return List.of(
                request("GET", "/webhooks/whatsapp", "hub.mode=subscribe&hub.verify_token=snapstart-priming&hub.challenge=1", null),
                delivery);
    }
}
