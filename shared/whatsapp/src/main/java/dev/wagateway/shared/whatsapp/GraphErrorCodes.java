package dev.wagateway.shared.whatsapp;

/** Meta's error codes the gateway treats specially. */
public final class GraphErrorCodes {

    public static final int INVALID_PARAMETER = 100;
    public static final int ACCESS_TOKEN = 190;
    /** "Required parameter is missing". */
    public static final int PARAMETER_MISSING = 131008;
    /** "Parameter value is not valid". */
    public static final int PARAMETER_NOT_VALID = 131009;
    public static final int THROUGHPUT = 130429;
    public static final int WINDOW_CLOSED = 131047;
    public static final int PAIR_RATE_LIMIT = 131056;
    public static final int UNDELIVERABLE = 131026;
    public static final int TEMPLATE_PARAMETER_COUNT = 132000;
    public static final int TEMPLATE_NOT_IN_LANGUAGE = 132001;
    public static final int TEMPLATE_PARAMETER_FORMAT = 132012;
    public static final int ACCOUNT_RATE_LIMIT = 80007;
    public static final int BUSINESS_USE_CASE_RATE_LIMIT = 80008;

    private GraphErrorCodes() {
    }
}
