package io.jube.scheduler.framework;

/** A host port a pod uses; 0.0.0.0 (any address) conflicts with every address on the same protocol and port. */
public record HostPort(String ip, String protocol, int port) {
    public static HostPort of(String ip, String protocol, int port) {
        return new HostPort(ip == null || ip.isEmpty() ? "0.0.0.0" : ip,
                protocol == null || protocol.isEmpty() ? "TCP" : protocol, port);
    }

    public boolean conflicts(HostPort o) {
        return port == o.port && protocol.equals(o.protocol)
                && (ip.equals(o.ip) || ip.equals("0.0.0.0") || o.ip.equals("0.0.0.0"));
    }
}
