package dev.wagateway.delivery;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In AWS (no plain http, no private addresses) every address class inside a network is refused. */
class AddressGuardTest {

    private final AddressGuard aws = new AddressGuard(false, false);

    @ParameterizedTest
    @ValueSource(strings = {
            "127.0.0.1", "127.1.2.3", "0.0.0.0", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254",
            "192.168.1.1", "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.255", "192.0.0.8",
            "198.18.0.1", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
            "[::1]", "[::]", "[fe80::1]", "[fc00::1]", "[fd00:ec2::254]", "[fec0::1]", "[ff02::1]",
            "[::ffff:127.0.0.1]", "[::ffff:169.254.169.254]", "[::ffff:10.1.2.3]", "[::127.0.0.1]",
            "[64:ff9b::a9fe:a9fe]", "[2002:7f00:1::]", "[2002:a00:1::1]", "[2001:db8::1]", "localhost"})
    void refusesEveryAddressInsideANetwork(String host) {
        AddressGuard.Refused refused = assertThrows(AddressGuard.Refused.class, () -> aws.check("https://" + host + "/hook"));
        assertTrue(refused.getMessage().contains("must not call"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "[2606:4700:4700::1111]",
            "[2a00:1450:4007:80e::200e]", "[64:ff9b::808:808]"})
    void allowsPublicAddresses(String host) {
        assertEquals(1, aws.check("https://" + host + "/hook").size());
    }

    @Test
    void plainHttpOnlyWhereAllowed() {
        assertThrows(AddressGuard.Refused.class, () -> aws.check("http://93.184.215.14/hook"));
        assertThrows(AddressGuard.Refused.class, () -> aws.check("ftp://93.184.215.14/hook"));
        assertThrows(AddressGuard.Refused.class, () -> aws.check("https:///nohost"));
        AddressGuard local = new AddressGuard(true, true);
        assertEquals(1, local.check("http://127.0.0.1:9/hook").size());
    }

    @Test
    void aDeliveryToAnAddressThatTurnedPrivateIsRefusedBeforeConnecting() {
        DeliverySettings settings = new DeliverySettings(java.util.List.of(java.time.Duration.ofSeconds(1)),
                java.time.Duration.ofHours(1), 0, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(30), java.time.Duration.ofDays(3), true, false, java.time.Duration.ofSeconds(30),
                100, java.time.Duration.ofMinutes(1), java.time.Duration.ofDays(30), 100, 4);
        SubscriberClient client = new SubscriberClient(new AddressGuard(settings), settings);
        // The host is checked as the connection resolves it (as if DNS had changed since the subscription was saved).
        SubscriberClient.Answer answer = client.post("http://localhost:9/hook", Map.of(), "{}");
        assertTrue(answer.refusedAddress(), String.valueOf(answer));
        assertFalse(answer.succeeded());
        assertTrue(answer.error().contains("must not call"), answer.error());
    }
}
