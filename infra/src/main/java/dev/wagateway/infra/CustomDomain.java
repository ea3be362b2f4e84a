package dev.wagateway.infra;

import java.util.regex.Pattern;

/**
 * The API's own host name ({@code -c domainName=api.example.com -c certificateArn=arn:aws:acm:...}), so that the
 * webhook URL entered in Meta's dashboard does not change when the API is replaced. The ACM certificate must
 * be in the stack's region and cover the name; DNS (a CNAME to the output DomainTarget) is the operator's.
 */
public record CustomDomain(String domainName, String certificateArn) {

    private static final Pattern HOST = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern ACM_ARN = Pattern.compile("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+");

    public CustomDomain {
        if (domainName == null || !HOST.matcher(domainName).matches()) {
            throw new IllegalArgumentException("domainName must be a lower-case host name such as api.example.com (got "
                    + domainName + ")");
        }
        if (certificateArn == null || !ACM_ARN.matcher(certificateArn).matches()) {
            throw new IllegalArgumentException("domainName needs certificateArn, the ARN of an ACM certificate for it "
                    + "in the stack's region (got " + certificateArn + ")");
        }
    }

    /** Both context values, or neither; null when there is no domain. */
    public static CustomDomain of(String domainName, String certificateArn) {
        if (domainName == null && certificateArn == null) {
            return null;
        }
        return new CustomDomain(domainName, certificateArn);
    }

    public String baseUrl() {
        return "https://" + domainName + "/";
    }
}
