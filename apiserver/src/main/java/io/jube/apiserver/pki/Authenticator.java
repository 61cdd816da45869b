package io.jube.apiserver.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * Kubernetes' x509 and static-token authenticators for our single CA and single admin token.
 * The client certificate is tried first, then the bearer token; the first success wins.
 */
final class Authenticator {
    static final String AUTHENTICATED = "system:authenticated";
    private static final String CLIENT_AUTH = KeyPurposeId.id_kp_clientAuth.getId();

    private final X509Certificate ca;
    private final byte[] tokenDigest;
    private final UserInfo tokenUser;
    private final Clock clock;

    Authenticator(X509Certificate ca, String token, UserInfo tokenUser, Clock clock) {
        this.ca = ca;
        this.tokenDigest = sha256(token);
        this.tokenUser = tokenUser;
        this.clock = clock;
    }

    Optional<UserInfo> authenticate(List<? extends Certificate> peerChain, String authorization) {
        Optional<UserInfo> byCert = fromCertificate(peerChain);
        return byCert.isPresent() ? byCert : fromBearer(authorization);
    }

    private Optional<UserInfo> fromCertificate(List<? extends Certificate> chain) {
        if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
            return Optional.empty();
        }
        try {
            if (!leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal()) || leaf.getBasicConstraints() >= 0) {
                return Optional.empty();
            }
            leaf.verify(ca.getPublicKey());
            Date now = Date.from(clock.instant());
            leaf.checkValidity(now);
            ca.checkValidity(now);
            List<String> usages = leaf.getExtendedKeyUsage();
            if (usages == null || !usages.contains(CLIENT_AUTH)) {
                return Optional.empty();
            }
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
        X500Name subject = CertIssuer.subject(leaf);
        List<String> cn = values(subject, BCStyle.CN);
        if (cn.size() != 1 || cn.get(0).isEmpty()) {
            return Optional.empty();
        }
        List<String> groups = new ArrayList<>(values(subject, BCStyle.O));
        groups.add(AUTHENTICATED);
        return Optional.of(new UserInfo(cn.get(0), groups));
    }

    private Optional<UserInfo> fromBearer(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
            return Optional.empty();
        }
        String token = parts[1].trim();
        // comparing digests keeps the comparison constant-time and independent of the token length
        if (token.isEmpty() || !MessageDigest.isEqual(sha256(token), tokenDigest)) {
            return Optional.empty();
        }
        return Optional.of(tokenUser);
    }

    private static List<String> values(X500Name name, ASN1ObjectIdentifier type) {
        List<String> out = new ArrayList<>();
        for (RDN rdn : name.getRDNs(type)) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(type)) {
                    out.add(atv.getValue() instanceof ASN1String str ? str.getString() : IETFUtils.valueToString(atv.getValue()));
                }
            }
        }
        return out;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
