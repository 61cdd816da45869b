package io.jube.apiserver.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM encoding of certificates and EC keys. Keys are written as PKCS#8 ("PRIVATE KEY"), which
 * Go's crypto/tls (kubectl), OpenSSL and Vert.x all read; SEC1 ("EC PRIVATE KEY") is accepted on read.
 * Only JDK providers are used, so nothing is registered globally.
 */
final class Pem {
    private Pem() {
    }

    static String encode(X509Certificate cert) {
        return write(cert);
    }

    static String encode(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode private key: " + e.getMessage(), e);
        }
    }

    /**
     * An EC key in SEC1 form ("EC PRIVATE KEY"): kubectl reads it, and so does fabric8, which
     * takes a PKCS#8 "PRIVATE KEY" in a kubeconfig for RSA.
     */
    static String encodeSec1(PrivateKey key) {
        try {
            // the JDK puts the curve only in PKCS#8's algorithm identifier; SEC1 must carry it itself
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            org.bouncycastle.asn1.sec.ECPrivateKey inner =
                    org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
            java.math.BigInteger d = inner.getKey();
            org.bouncycastle.asn1.ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
            int bits = ((java.security.interfaces.ECPrivateKey) key).getParams().getOrder().bitLength();
            byte[] der = new org.bouncycastle.asn1.sec.ECPrivateKey(bits, d, curve).getEncoded("DER");
            return write(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", der));
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("cannot encode EC private key: " + e.getMessage(), e);
        }
    }

    static X509Certificate certificate(String pem, String source) {
        Object o = readFirst(pem, source);
        if (!(o instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException(source + ": expected a PEM CERTIFICATE, found " + describe(o));
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(source + ": invalid certificate: " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(String pem, String source) {
        Object o = readFirst(pem, source);
        PrivateKeyInfo info;
        if (o instanceof PrivateKeyInfo pki) {
            info = pki;
        } else if (o instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo();
        } else {
            throw new IllegalArgumentException(source + ": expected a PEM PRIVATE KEY or EC PRIVATE KEY, found " + describe(o));
        }
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(source + ": not an EC private key: " + e.getMessage(), e);
        }
    }

    private static Object readFirst(String pem, String source) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(source + ": malformed PEM: " + e.getMessage(), e);
        }
    }

    private static String describe(Object o) {
        return o == null ? "no PEM block" : o.getClass().getSimpleName();
    }

    private static String write(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode PEM: " + e.getMessage(), e);
        }
        return out.toString();
    }
}
