package io.jube.cli;

import io.jube.agent.ClientConfigs;
import io.jube.apiserver.ApiServer;
import io.jube.store.Store;
import io.jube.store.embedded.EmbeddedStore;
import io.jube.store.etcd.EtcdStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jube server}: the control plane in one process, like {@code k3s server}. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Runs the control plane: API server on a durable store.",
                "When ready it writes DIR/kubeconfig.yaml and prints the export KUBECONFIG line to use it.",
                "Stops cleanly on SIGTERM or Ctrl-C."})
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "State, certificates and kubeconfig (default: /var/lib/jube as root, else ~/.jube).")
    Path dataDir;

    @Option(names = "--bind-address", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to serve HTTPS on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String bindAddress;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "6443",
            description = "HTTPS port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--store", paramLabel = "embedded|etcd", defaultValue = "embedded",
            description = "State store: the embedded durable store or etcd (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--etcd-endpoints", paramLabel = "URLS", split = ",",
            description = "etcd client URLs, comma separated (with --store etcd).")
    List<String> etcdEndpoints = new ArrayList<>();

    @Option(names = "--etcd-prefix", paramLabel = "PREFIX", defaultValue = "/jube",
            description = "Key prefix in etcd (default: ${DEFAULT-VALUE}).")
    String etcdPrefix;

    @Option(names = "--insecure-port", paramLabel = "PORT", defaultValue = "0",
            description = "Also serve plain HTTP without authentication on 127.0.0.1 only (0 = off; for tests).")
    int insecurePort;

    @Option(names = "--tls-san", paramLabel = "NAME", split = ",",
            description = "Extra DNS names or IPs for the serving certificate.")
    List<String> tlsSans = new ArrayList<>();

    @Option(names = "--service-cidr", paramLabel = "CIDR", defaultValue = "10.43.0.0/16",
            description = "IPv4 range for Service cluster IPs (default: ${DEFAULT-VALUE}).")
    String serviceCidr;

    @Option(names = "--runtime", paramLabel = "sim|none", defaultValue = "none",
            description = {"Container runtime of the built-in node agent: sim (simulated containers) or none",
                    "(no node agent in this process; default: ${DEFAULT-VALUE})."})
    String runtime;

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "Name of the built-in node (default: this machine's hostname).")
    String nodeName;

    @Option(names = "--disable-controllers", description = "Do not run the controller manager in this process.")
    boolean disableControllers;

    @Option(names = "--disable-scheduler", description = "Do not run the scheduler in this process.")
    boolean disableScheduler;

    @Option(names = "--node-monitor-grace-period", paramLabel = "DURATION", defaultValue = "40s",
            description = "How long a node may miss heartbeats before it is marked NotReady (default: ${DEFAULT-VALUE}).")
    String nodeMonitorGracePeriod;

    static Path defaultDataDir() {
        boolean root = "root".equals(System.getProperty("user.name"));
        return root ? Path.of("/var/lib/jube") : Path.of(System.getProperty("user.home"), ".jube");
    }

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Path dir = dataDir != null ? dataDir : defaultDataDir();
        Files.createDirectories(dir);
        Store st = openStore(dir);
        ApiServer server = new ApiServer(new ApiServer.Config(dir, bindAddress, port, insecurePort, tlsSans, serviceCidr), st);
        CountDownLatch stopped = new CountDownLatch(1);
        Components components = new Components();
        java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("jube: shutting down");
            components.close();
            server.close();
            st.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            server.start();
            components.start(ClientConfigs.loopback(server.loopbackUrl(), server.loopbackToken()), new Components.Settings(!disableControllers, !disableScheduler, runtime,
                    nodeName != null ? nodeName : Components.hostname(), Durations.parse(nodeMonitorGracePeriod)));
        } catch (Exception e) {
            System.err.println("jube: failed to start: " + e.getMessage());
            throw e;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("jube: API server ready at " + server.url() + " (store: " + store + ", " + ms + " ms)"
                + (insecurePort > 0 ? "; insecure http://127.0.0.1:" + server.insecurePort() : ""));
        System.out.println("jube: TLS by " + io.jube.apiserver.pki.ClusterPki.tlsEngine());
        System.out.println("export KUBECONFIG=" + server.kubeconfig().toAbsolutePath());
        System.out.flush();
        stopped.await();
        return 0;
    }

    private Store openStore(Path dir) {
        return switch (store) {
            case "embedded" -> EmbeddedStore.open(dir.resolve("db"));
            case "etcd" -> {
                if (etcdEndpoints.isEmpty()) {
                    throw new IllegalArgumentException("--store etcd needs --etcd-endpoints");
                }
                yield EtcdStore.connect(etcdEndpoints, etcdPrefix);
            }
            default -> throw new IllegalArgumentException("--store must be embedded or etcd, not " + store);
        };
    }
}
