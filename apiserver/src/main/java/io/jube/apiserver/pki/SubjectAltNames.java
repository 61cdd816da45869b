package io.jube.apiserver.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * The DNS names and IP addresses a serving certificate must carry, normalised so that
 * "::1" and "0:0:0:0:0:0:0:1" or "Example.COM" and "example.com" compare equal.
 */
final class SubjectAltNames {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern DNS = Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    private final Set<String> dnsNames;
    private final Set<InetAddress> ips;

    private SubjectAltNames(Set<String> dnsNames, Set<InetAddress> ips) {
        this.dnsNames = dnsNames;
        this.ips = ips;
    }

    /** Parses names that may be IP literals (v4, v6, v6 in brackets) or DNS names; rejects anything else. */
    static SubjectAltNames parse(Collection<String> names) {
        Set<String> dns = new LinkedHashSet<>();
        Set<InetAddress> ips = new LinkedHashSet<>();
        for (String raw : names) {
            if (raw == null || raw.isBlank()) {
                throw new IllegalArgumentException("empty subject alternative name");
            }
            String s = raw.trim();
            InetAddress ip = ipLiteral(s);
            if (ip != null) {
                ips.add(ip);
            } else {
                String name = s.toLowerCase(Locale.ROOT);
                if (name.endsWith(".")) {
                    name = name.substring(0, name.length() - 1);
                }
                if (name.length() > 253 || !DNS.matcher(name).matches()) {
                    throw new IllegalArgumentException("not an IP address or DNS name: \"" + raw + "\"");
                }
                dns.add(name);
            }
        }
        return new SubjectAltNames(dns, ips);
    }

    /** The names a certificate carries. */
    static SubjectAltNames of(X509Certificate cert) {
        Set<String> dns = new LinkedHashSet<>();
        Set<InetAddress> ips = new LinkedHashSet<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    String value = String.valueOf(san.get(1));
                    if (type == GeneralName.dNSName) {
                        dns.add(value.toLowerCase(Locale.ROOT));
                    } else if (type == GeneralName.iPAddress) {
                        InetAddress ip = ipLiteral(value);
                        if (ip != null) {
                            ips.add(ip);
                        }
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable subjectAltName: " + e.getMessage(), e);
        }
        return new SubjectAltNames(dns, ips);
    }

    SubjectAltNames plus(SubjectAltNames other) {
        Set<String> dns = new LinkedHashSet<>(dnsNames);
        dns.addAll(other.dnsNames);
        Set<InetAddress> ip = new LinkedHashSet<>(ips);
        ip.addAll(other.ips);
        return new SubjectAltNames(dns, ip);
    }

    boolean covers(SubjectAltNames wanted) {
        return dnsNames.containsAll(wanted.dnsNames) && ips.containsAll(wanted.ips);
    }

    GeneralNames toGeneralNames() {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip.getHostAddress())));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    Set<String> dnsNames() {
        return Set.copyOf(dnsNames);
    }

    Set<InetAddress> ips() {
        return Set.copyOf(ips);
    }

    /** An InetAddress for an IP literal, or null; never does a DNS lookup. */
    private static InetAddress ipLiteral(String s) {
        String v = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        boolean v4 = IPV4.matcher(v).matches();
        if (!v4 && !v.contains(":")) {
            return null;
        }
        if (v4) {
            for (String octet : v.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: \"" + s + "\"");
                }
            }
        } else if (!v.matches("[0-9a-fA-F:.%a-zA-Z0-9]+")) {
            throw new IllegalArgumentException("not an IPv6 address: \"" + s + "\"");
        }
        try {
            // a literal (digits and dots, or containing ':') is parsed, not resolved
            return InetAddress.getByName(v);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: \"" + s + "\"", e);
        }
    }
}
