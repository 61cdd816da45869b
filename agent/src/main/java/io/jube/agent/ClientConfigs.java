package io.jube.agent;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Client configuration for components: from a kubeconfig file, or for the server's in-process loopback. */
public final class ClientConfigs {
    private ClientConfigs() {
    }

    /**
     * Reads a kubeconfig. fabric8 assumes an RSA client key unless told otherwise; Jube's (and
     * kubeadm's newer) client keys are EC in PKCS#8, so the key algorithm is detected here.
     */
    public static Config fromKubeconfig(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("kubeconfig " + file + " does not exist or is not readable");
        }
        Config config = Config.fromKubeconfig(Files.readString(file));
        if (config.getClientKeyAlgo() == null || config.getClientKeyAlgo().isEmpty()) {
            String pem = keyPem(config);
            if (pem != null && isEc(pem)) {
                config.setClientKeyAlgo("EC");
            }
        }
        return config;
    }

    /** A client of the API server in the same process (its loopback URL and token); reads no files or environment. */
    public static Config loopback(String url, String token) {
        Config config = Config.empty();
        config.setMasterUrl(url);
        config.setOauthToken(token);
        config.setNamespace("default");
        return config;
    }

    private static String keyPem(Config config) throws IOException {
        if (config.getClientKeyData() != null) {
            return new String(Base64.getMimeDecoder().decode(config.getClientKeyData()), StandardCharsets.US_ASCII);
        }
        if (config.getClientKeyFile() != null) {
            return Files.readString(Path.of(config.getClientKeyFile()), StandardCharsets.US_ASCII);
        }
        return null;
    }

    static boolean isEc(String pem) {
        if (pem.contains("BEGIN EC PRIVATE KEY")) {
            return true;
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            return false;
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
        try {
            KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
            return true;
        } catch (Exception notEc) {
            return false;
        }
    }
}
