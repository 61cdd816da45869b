package io.jube.apiserver.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Creates ECDSA P-256 key pairs and the three kinds of certificate the cluster needs. */
final class CertIssuer {
    /** Back-dating absorbs small clock differences between machines, as kubeadm does. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertIssuer() {
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate P-256 keys: " + e.getMessage(), e);
        }
    }

    static X509Certificate selfSignedCa(KeyPair keys, String cn, Instant now, Duration validity) {
        X500Name name = name(cn, List.of());
        return build(name, keys.getPublic(), name, keys.getPrivate(), null, now, validity, b -> {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
        });
    }

    static X509Certificate serving(X509Certificate ca, PrivateKey caKey, PublicKey key, String cn,
            SubjectAltNames sans, Instant now, Duration validity) {
        return build(name(cn, List.of()), key, subject(ca), caKey, ca, now, validity, b -> {
            leafExtensions(b, KeyPurposeId.id_kp_serverAuth);
            b.addExtension(Extension.subjectAlternativeName, false, sans.toGeneralNames());
        });
    }

    static X509Certificate client(X509Certificate ca, PrivateKey caKey, PublicKey key, String cn,
            List<String> orgs, Instant now, Duration validity) {
        return build(name(cn, orgs), key, subject(ca), caKey, ca, now, validity,
                b -> leafExtensions(b, KeyPurposeId.id_kp_clientAuth));
    }

    /** True when the key is the private half of the certificate's public key. */
    static boolean matches(X509Certificate cert, PrivateKey key) {
        try {
            byte[] probe = new byte[32];
            RANDOM.nextBytes(probe);
            Signature s = Signature.getInstance(SIGNATURE);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(SIGNATURE);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static X500Name subject(X509Certificate cert) {
        return X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    }

    private static X500Name name(String cn, List<String> orgs) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        for (String o : orgs) {
            b.addRDN(BCStyle.O, o);
        }
        return b.addRDN(BCStyle.CN, cn).build();
    }

    private static void leafExtensions(X509v3CertificateBuilder b, KeyPurposeId usage) throws CertIOException {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws CertIOException;
    }

    private static X509Certificate build(X500Name subject, PublicKey key, X500Name issuer, PrivateKey issuerKey,
            X509Certificate issuerCert, Instant now, Duration validity, Extensions extensions) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("certificate validity must be positive, got " + validity);
        }
        try {
            BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial,
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, key);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            if (issuerCert != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(issuerCert.getPublicKey()));
            }
            extensions.add(b);
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE).build(issuerKey)));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue certificate for " + subject + ": " + e.getMessage(), e);
        }
    }
}
