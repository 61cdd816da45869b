package io.jube.apiserver.pki;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Server-side trust for "request, don't require, don't judge" client certificates, as kube-apiserver
 * does (Go's tls.RequestClientCert with ClientCAs set): the TLS CertificateRequest names the cluster
 * CA so clients pick the right certificate, but the handshake accepts whatever comes. Judging the
 * certificate is the authenticator's job ({@link ClusterPki#authenticate}), so a foreign or expired
 * certificate gets an HTTP 401 Status instead of an opaque TLS alert. The client must still prove
 * possession of the key (TLS CertificateVerify), which the TLS engine checks regardless.
 */
final class RequestedClientCertTrust extends PemTrustOptions {
    private final X509Certificate ca;

    RequestedClientCertTrust(X509Certificate ca, String caPem) {
        this.ca = ca;
        addCertValue(Buffer.buffer(caPem));
    }

    @Override
    public TrustManagerFactory getTrustManagerFactory(Vertx vertx) throws Exception {
        return TrustOptions.wrap(new Manager(ca)).getTrustManagerFactory(vertx);
    }

    @Override
    public Function<String, TrustManager[]> trustManagerMapper(Vertx vertx) {
        TrustManager[] managers = {new Manager(ca)};
        return serverName -> managers;
    }

    @Override
    public RequestedClientCertTrust copy() {
        return new RequestedClientCertTrust(ca, getCertValues().get(0).toString());
    }

    private static final class Manager extends X509ExtendedTrustManager {
        private final X509Certificate[] acceptedIssuers;

        Manager(X509Certificate ca) {
            this.acceptedIssuers = new X509Certificate[] {ca};
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // deliberately accepted: verified per request by ClusterPki.authenticate
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // as above
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // as above
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("server-side trust only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("server-side trust only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("server-side trust only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return acceptedIssuers.clone();
        }
    }
}
