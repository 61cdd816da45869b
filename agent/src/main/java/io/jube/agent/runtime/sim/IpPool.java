package io.jube.agent.runtime.sim;

import io.jube.agent.runtime.ContainerRuntimeException;
import java.util.BitSet;

/**
 * Hands out IPv4 addresses from one CIDR (like the host-local IPAM plugin): the network address,
 * the gateway (.1) and the broadcast address are never given out; allocation continues after the
 * last address handed out so a freed address is not reused at once.
 */
final class IpPool {
    private final String cidr;
    private final int network;
    private final int size;
    private final BitSet used = new BitSet();
    private int cursor = 1;

    IpPool(String cidr) {
        this.cidr = cidr;
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("pod CIDR must look like 10.42.0.0/24, not " + cidr);
        }
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pod CIDR has a bad prefix length: " + cidr);
        }
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("pod CIDR prefix must be between /8 and /30: " + cidr);
        }
        this.size = 1 << (32 - prefix);
        this.network = parse(cidr.substring(0, slash)) & -size;
    }

    synchronized String allocate() {
        int usable = size - 3; // offsets 2 .. size-2
        for (int i = 0; i < usable; i++) {
            cursor = cursor + 1 > size - 2 ? 2 : cursor + 1;
            if (!used.get(cursor)) {
                used.set(cursor);
                return format(network + cursor);
            }
        }
        throw new ContainerRuntimeException("no free IP address left in pod CIDR " + cidr);
    }

    synchronized void release(String ip) {
        int offset = parse(ip) - network;
        if (offset > 0 && offset < size) {
            used.clear(offset);
        }
    }

    String gateway() {
        return format(network + 1);
    }

    static int parse(String ip) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        int v = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    static String format(int v) {
        return ((v >>> 24) & 255) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
    }
}
