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

    @Test
    void oldDataKeepsAPossibleNumberThatIsNotValidAndTheApiReachesItWrittenWithItsCountryCode() {
        assertEquals(Optional.empty(), PhoneNumbers.toE164("+1 555 010 2030"), "no such exchange: not valid as a new number");
        assertEquals(new PhoneNumbers.Stored("+15550102030", null), PhoneNumbers.asStored("+1 (555) 010-2030", null));
        assertEquals(new PhoneNumbers.Stored("+15550102030", null), PhoneNumbers.asStored("(555) 010-2030", "US"));
        assertEquals(Optional.of("+15550102030"), PhoneNumbers.toStoredE164("+1 555 010 2030"));
        assertEquals(Optional.of("+15550102030"), PhoneNumbers.toStoredE164("0015550102030"));
        assertEquals(Optional.of("+442079460958"), PhoneNumbers.toStoredE164("442079460958"), "a valid number as toE164 reads it");
        assertEquals(Optional.empty(), PhoneNumbers.toStoredE164("15550102030"), "bare digits must be valid");
        assertEquals("not a possible phone number", PhoneNumbers.asStored("+1 555", null).problem());
        assertEquals("no phone number", PhoneNumbers.asStored("n/a", null).problem());
    }
}
