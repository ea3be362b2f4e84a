package dev.wagateway.shared.time;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The clock every bean reads time from (rate-limit windows, key expiry, "a timestamp too far ahead"), so that
 * tests can replace it to move time without sleeping.
 */
@Factory
public class ClockFactory {

    @Singleton
    public Clock clock() {
        return Clock.systemUTC();
    }
}
