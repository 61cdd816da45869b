package io.jube.apiserver.pki;

import java.security.cert.X509Certificate;

/** A certificate issued by the cluster CA with its private key, both PEM (key as PKCS#8). */
public record IssuedCert(X509Certificate certificate, String certPem, String keyPem) {
}
