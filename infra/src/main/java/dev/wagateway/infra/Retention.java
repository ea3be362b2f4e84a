package dev.wagateway.infra;

import software.amazon.awscdk.services.logs.RetentionDays;

/** CloudWatch Logs accepts only certain retention periods. */
final class Retention {

    private Retention() {
    }

    static RetentionDays of(int days) {
        return switch (days) {
            case 1 -> RetentionDays.ONE_DAY;
            case 3 -> RetentionDays.THREE_DAYS;
            case 5 -> RetentionDays.FIVE_DAYS;
            case 7 -> RetentionDays.ONE_WEEK;
            case 14 -> RetentionDays.TWO_WEEKS;
            case 30 -> RetentionDays.ONE_MONTH;
            case 60 -> RetentionDays.TWO_MONTHS;
            case 90 -> RetentionDays.THREE_MONTHS;
            case 180 -> RetentionDays.SIX_MONTHS;
            case 365 -> RetentionDays.ONE_YEAR;
            default -> throw new IllegalArgumentException("CloudWatch Logs has no retention of " + days
                    + " days; use 1, 3, 5, 7, 14, 30, 60, 90, 180 or 365");
        };
    }
}
