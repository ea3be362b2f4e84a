package dev.wagateway.dbmigrate.importer;

import dev.wagateway.shared.phone.PhoneNumbers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Phone numbers as typed ({@code '+1 (555) 010-2030'}, {@code '0044 20 7946 0958'}, {@code '15550102030'})
 * to E.164 by the product's one phone rule for data already held ({@link PhoneNumbers#asStored}), each
 * spelling once.
 */
final class Phones {

    private static final int CACHE_SIZE = 50_000;

    /** The E.164 number, or why there is none. */
    record Result(String e164, String problem) {
    }

    private final String defaultRegion;
    // Messages repeat their contacts' numbers: parsing each spelling once keeps libphonenumber off the hot path.
    private final Map<String, Result> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Result> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    Phones(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    Result normalise(String typed) {
        return cache.computeIfAbsent(typed, this::parse);
    }

    private Result parse(String typed) {
        PhoneNumbers.Stored stored = PhoneNumbers.asStored(typed, defaultRegion);
        return new Result(stored.e164(), stored.problem());
    }
}
