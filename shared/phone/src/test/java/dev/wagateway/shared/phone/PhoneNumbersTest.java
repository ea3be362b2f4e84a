package dev.wagateway.shared.phone;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PhoneNumbersTest {

    @Test
    void commonSpellingsOfOneNumberAreOneE164() {
        for (String written : new String[]{"+44 20 7946 0958", "0044 20 7946 0958", "442079460958", "+44 (20) 7946-0958",
                "+44.20.7946.0958", " +442079460958 "}) {
            assertEquals(Optional.of("+442079460958"), PhoneNumbers.toE164(written), written);
        }
        assertEquals(Optional.of("+5511987654321"), PhoneNumbers.toE164("5511987654321"), "WhatsApp's wa_id");
    }

    @Test
    void nationalNumbersNeedADefaultRegionAndNonsenseIsRefused() {
        assertEquals(Optional.empty(), PhoneNumbers.toE164("020 7946 0958"));
        assertEquals(Optional.of("+442079460958"), PhoneNumbers.toE164("020 7946 0958", "gb"));
        assertEquals(Optional.of("+5511987654321"), PhoneNumbers.toE164("(11) 98765-4321", "BR"));
        for (String nonsense : new String[]{"", "abc", "+1 555", "+999 123 456 789", "12", "+44 20 7946 0958 ext 12", null}) {
            assertEquals(Optional.empty(), PhoneNumbers.toE164(nonsense), String.valueOf(nonsense));
        }
    }
}
