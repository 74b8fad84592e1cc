package io.meshportal.alerts;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a webhook may be sent, checked on the addresses the host resolves to (a name that resolves to loopback is
 * refused like "127.0.0.1"), when a rule is saved and again before every delivery. The portal follows no
 * redirects, so a receiver cannot bounce a call elsewhere. Refused by default, after OWASP's SSRF guidance:
 * loopback, link-local (169.254.0.0/16 with the cloud metadata endpoint 169.254.169.254, fe80::/10), unspecified,
 * multicast, and AWS's IPv6 metadata address fd00:ec2::254.
 */
final class WebhookPolicy {

    private final List<String> allowed;

    WebhookPolicy(List<String> allowedHosts) {
        this.allowed =
                allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    /** Null when the URL may be called; otherwise why not, for the user. */
    String refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "An http:// or https:// URL";
        }
        String host = uri.getHost();
        if (host == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            return "An http:// or https:// URL";
        }
        String name = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
        boolean listed = allowed.contains(name);
        if (!allowed.isEmpty() && !listed) {
            return "Webhooks may go only to " + String.join(", ", allowed);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            return "The host " + host + " cannot be resolved";
        }
        for (InetAddress a : addresses) {
            if (!listed && !allowed.contains(a.getHostAddress().toLowerCase(Locale.ROOT)) && internal(a)) {
                return "Refused: " + host + " is a loopback, link-local or metadata address (" + a.getHostAddress()
                        + ")";
            }
        }
        return null;
    }

    static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return true;
        }
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            // fd00:ec2::254, the EC2 instance metadata service over IPv6
            return (b[0] & 0xff) == 0xfd
                    && b[1] == 0
                    && (b[2] & 0xff) == 0x0e
                    && (b[3] & 0xff) == 0xc2
                    && java.util.Arrays.equals(java.util.Arrays.copyOfRange(b, 4, 14), new byte[10])
                    && b[14] == 0x02
                    && (b[15] & 0xff) == 0x54;
        }
        return false;
    }
}
