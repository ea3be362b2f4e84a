package dev.wagateway.delivery;

import jakarta.inject.Singleton;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Keeps subscriptions from making the gateway call into its own network (SSRF). A URL must be
 * {@code https://} (plain {@code http://} only where {@link DeliverySettings#allowPlainHttp()}), and
 * every address its host resolves to must be a public unicast one: loopback, private, shared (CGNAT),
 * link-local (with the cloud metadata service at 169.254.169.254 and fd00:ec2::254), unique-local,
 * multicast, reserved and unspecified addresses are refused, in IPv4 and IPv6, including IPv4 carried
 * inside IPv6 (mapped, compatible, NAT64, 6to4). Checked when a subscription is saved and again at
 * each delivery, on the very addresses the connection then uses ({@link SubscriberClient}): DNS can
 * change in between.
 */
@Singleton
public class AddressGuard {

    private final boolean allowPlainHttp;
    private final boolean allowPrivateAddresses;

    public AddressGuard(DeliverySettings settings) {
        this(settings.allowPlainHttp(), settings.allowPrivateAddresses());
    }

    AddressGuard(boolean allowPlainHttp, boolean allowPrivateAddresses) {
        this.allowPlainHttp = allowPlainHttp;
        this.allowPrivateAddresses = allowPrivateAddresses;
    }

    /** The URL as a URI, or why it cannot be a subscription's (its scheme, its form). Does not resolve. */
    public URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPlainHttp && scheme.equals("http"))) {
            throw new Refused(allowPlainHttp ? "must be an http:// or https:// URL" : "must be an https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Refused("must name a host");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("must not have a #fragment");
        }
        return uri;
    }

    /** Parses the URL and resolves its host; refuses it unless every address is allowed. */
    public List<InetAddress> check(String url) {
        return resolve(parse(url).getHost());
    }

    /** The host's addresses, all of them allowed, or {@link Refused}. */
    public List<InetAddress> resolve(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new Refused("has a host that does not resolve (" + bare + ")");
        }
        for (InetAddress address : addresses) {
            if (!allowed(address)) {
                throw new Refused("resolves to an address the gateway must not call (" + address.getHostAddress() + ")");
            }
        }
        return List.of(addresses);
    }

    boolean allowed(InetAddress address) {
        return allowPrivateAddresses || isPublic(address);
    }

    /** Whether the address is a public unicast one. */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicIpv4(b);
        }
        if (address instanceof Inet6Address) {
            return isPublicIpv6(b);
        }
        return false;
    }

    private static boolean isPublicIpv4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return !(first == 0                                       // this network
                || first == 10                                    // private
                || first == 127                                   // loopback
                || (first == 100 && (second & 0xc0) == 64)        // 100.64.0.0/10 shared address space (CGNAT)
                || (first == 169 && second == 254)                // link-local, the metadata service
                || (first == 172 && (second & 0xf0) == 16)        // private
                || (first == 192 && second == 0 && (b[2] & 0xff) == 0)   // IETF protocol assignments
                || (first == 192 && second == 0 && (b[2] & 0xff) == 2)   // TEST-NET-1
                || (first == 192 && second == 168)                // private
                || (first == 198 && (second & 0xfe) == 18)        // benchmarking
                || (first == 198 && second == 51 && (b[2] & 0xff) == 100) // TEST-NET-2
                || (first == 203 && second == 0 && (b[2] & 0xff) == 113)  // TEST-NET-3
                || first >= 224);                                 // multicast, reserved, broadcast
    }

    private static boolean isPublicIpv6(byte[] b) {
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {                              // fc00::/7 unique local (fd00:ec2::254 is AWS's metadata)
            return false;
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0x80) {              // fe80::/10 link-local
            return false;
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {              // fec0::/10 site-local (deprecated)
            return false;
        }
        if (first == 0xff) {                                       // multicast
            return false;
        }
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {   // ::ffff:a.b.c.d mapped
            return isPublicIpv4(slice(b, 12));
        }
        if (allZero(b, 0, 12)) {                                   // ::, ::1 and ::a.b.c.d compatible
            return !allZero(b, 12, 15) && isPublicIpv4(slice(b, 12));
        }
        if (first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12)) {
            return isPublicIpv4(slice(b, 12));                     // 64:ff9b::/96 NAT64
        }
        if (first == 0x20 && (b[1] & 0xff) == 0x02) {              // 2002::/16 6to4
            return isPublicIpv4(slice(b, 2));
        }
        if (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return false;                                          // 2001:db8::/32 documentation
        }
        if (first == 0x01 && allZero(b, 1, 8)) {                   // 100::/64 discard
            return false;
        }
        return true;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] b, int from) {
        return new byte[]{b[from], b[from + 1], b[from + 2], b[from + 3]};
    }

    /** The URL may not be a subscription's; the message completes "url ...". */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }
}
