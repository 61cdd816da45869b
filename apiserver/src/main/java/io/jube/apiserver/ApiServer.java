package io.jube.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.Catalogue;
import io.jube.api.catalogue.ResourceDef;
import io.jube.api.schema.Schema;
import io.jube.apiserver.admission.ServiceAllocation;
import io.jube.apiserver.crd.CrdRegistrar;
import io.jube.apiserver.discovery.Discovery;
import io.jube.apiserver.pki.ClusterPki;
import io.jube.apiserver.pki.Kubeconfig;
import io.jube.apiserver.pki.UserInfo;
import io.jube.apiserver.registry.Registry;
import io.jube.apiserver.registry.RequestContext;
import io.jube.apiserver.rest.ApiHandler;
import io.jube.apiserver.rest.Exchange;
import io.jube.apiserver.rest.Patches;
import io.jube.apiserver.watch.WatchCaches;
import io.jube.store.Store;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes API server: HTTPS with client-certificate and token authentication, discovery,
 * OpenAPI, and the generic REST layer over the store. Components talk to it only over its API.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Requests over 3 MiB are refused, as Kubernetes does. */
    public static final int MAX_BODY = 3 * 1024 * 1024;
    public static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public",
            "kube-node-lease");

    /** How to run the server. {@code insecurePort} > 0 opens plain HTTP on 127.0.0.1 (tests, benchmarks). */
    public record Config(Path dataDir, String bindAddress, int port, int insecurePort, List<String> extraSans,
                         String serviceCidr) {
        /** The default service CIDR, as k3s uses. */
        public static final String DEFAULT_SERVICE_CIDR = "10.43.0.0/16";

        public Config(Path dataDir, String bindAddress, int port, int insecurePort, List<String> extraSans) {
            this(dataDir, bindAddress, port, insecurePort, extraSans, DEFAULT_SERVICE_CIDR);
        }
    }

    private final Config config;
    private final Store store;
    private final Clock clock = Clock.systemUTC();
    private final Catalogue catalogue = Catalogue.builtIn();
    private final Registry registry;
    private final WatchCaches caches;
    private final Discovery discovery;
    private final ExecutorService workers;
    private Vertx vertx;
    private ClusterPki pki;
    private HttpServer https;
    /** Plain HTTP on 127.0.0.1 for the components in this process, authenticated by {@link #loopbackToken}. */
    private HttpServer loopback;
    private final byte[] loopbackToken = newLoopbackToken();
    private HttpServer http;
    private ApiHandler handler;
    private NonResource nonResource;
    private volatile boolean ready;

    public ApiServer(Config config, Store store) {
        this.config = config;
        this.store = store;
        this.registry = new Registry(store, catalogue, clock);
        // per resource: the last 100,000 changes (Kubernetes' largest watch cache), cut to 64 MiB of stored bytes.
        // The window must outlast an informer's relist of its whole type under load, or its rewatch from the list's
        // resourceVersion is answered 410 and it relists again: 4 MiB held about one second of pod changes at
        // 1,000 pods/s, and ClusterBench's scheduler relisted 10,000 pods in a loop
        this.caches = new WatchCaches(store, 100_000, 64L * 1024 * 1024);
        this.discovery = new Discovery(catalogue);
        AtomicInteger n = new AtomicInteger();
        // Handlers block while the store syncs a write; many threads let many writes share one sync
        // (group commit). Idle threads time out, so an idle server keeps few.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(256, 256, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(null, r, "apiserver-" + n.incrementAndGet(), 1024 * 1024);
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.workers = pool;
    }

    public Registry registry() {
        return registry;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public ClusterPki pki() {
        return pki;
    }

    public int port() {
        return https.actualPort();
    }

    public int insecurePort() {
        return http == null ? 0 : http.actualPort();
    }

    /**
     * Where the components running in this process (controllers, scheduler, node agent) reach the
     * server: plain HTTP on an ephemeral 127.0.0.1 port. Only {@link #loopbackToken()} is accepted
     * there, and it exists only in this process's memory (kube-apiserver's loopback client does the
     * same, over TLS). Without TLS, every change the components watch or write is not encrypted and
     * decrypted twice inside one process, which was ~40% of the server's CPU per write.
     */
    public String loopbackUrl() {
        return "http://127.0.0.1:" + loopback.actualPort();
    }

    public String loopbackToken() {
        return new String(loopbackToken, StandardCharsets.US_ASCII);
    }

    private static byte[] newLoopbackToken() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random).getBytes(StandardCharsets.US_ASCII);
    }

    public String url() {
        String host = config.bindAddress().equals("0.0.0.0") || config.bindAddress().equals("::")
                ? "127.0.0.1" : config.bindAddress();
        return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    public Path kubeconfig() {
        return config.dataDir().resolve("kubeconfig.yaml");
    }

    /** Starts serving; returns once the server is ready and the kubeconfig is written. */
    public ApiServer start() throws Exception {
        pki = ClusterPki.loadOrCreate(config.dataDir(), config.extraSans());
        ServiceAllocation allocation = new ServiceAllocation(store, config.serviceCidr());
        ServerSetup.install(registry, caches);
        registry.addAdmission(allocation);
        registry.addAdmission(new io.jube.apiserver.admission.PodAdmission(registry));
        registry.addAdmission(new io.jube.apiserver.admission.DefaultStorageClass(registry));
        ServerSetup.ensureNamespaces(registry, SYSTEM_NAMESPACES);
        Function<ResourceDef, Schema> schemas = ServerSetup.schemas();
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4));
        handler = new ApiHandler(registry, caches, vertx, schemas, new Patches(registry, schemas, clock));
        nonResource = new NonResource(catalogue, discovery, this::serverAddress);
        for (ResourceDef d : catalogue.all()) {
            caches.get(d);
        }
        new CrdRegistrar(registry, caches).start();
        HttpServerOptions opts = pki.configureHttps(new HttpServerOptions()
                .setHost(config.bindAddress()).setPort(config.port())
                .setMaxInitialLineLength(16 * 1024).setMaxHeaderSize(64 * 1024)
                .setCompressionSupported(false).setIdleTimeout(0));
        https = vertx.createHttpServer(opts).requestHandler(req -> onRequest(req, Listener.SECURE));
        https.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (config.insecurePort() > 0) {
            http = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(config.insecurePort())
                    .setMaxInitialLineLength(16 * 1024).setMaxHeaderSize(64 * 1024)).requestHandler(req -> onRequest(req, Listener.INSECURE));
            http.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        loopback = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setMaxInitialLineLength(16 * 1024).setMaxHeaderSize(64 * 1024).setIdleTimeout(0))
                .requestHandler(req -> onRequest(req, Listener.LOOPBACK));
        loopback.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.setPeriodic(60_000, t -> caches.progressAll());
        ServerSetup.ensureKubernetesService(registry, allocation, advertiseAddress(), port());
        vertx.setPeriodic(180_000, t -> workers.execute(() -> ServerSetup.repairAllocations(registry, allocation)));
        Kubeconfig.write(kubeconfig(), url(), pki);
        ready = true;
        workers.execute(() -> {
            try {
                nonResource.openapi().warm();
            } catch (RuntimeException e) {
                LOG.warn("building OpenAPI documents failed", e);
            }
        });
        return this;
    }

    /** The address other components and pods reach this server at. */
    private String advertiseAddress() {
        String a = config.bindAddress();
        return a.equals("0.0.0.0") || a.equals("::") ? "127.0.0.1" : a;
    }

    private String serverAddress() {
        return (config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress()) + ":" + port();
    }

    /** The listeners: HTTPS (certificates, tokens), --insecure-port (no authentication) and the in-process loopback. */
    private enum Listener { SECURE, INSECURE, LOOPBACK }

    private Optional<String> authenticate(HttpServerRequest req, Listener listener) {
        switch (listener) {
            case INSECURE:
                return Optional.of("system:admin");
            case LOOPBACK:
                String auth = req.getHeader("Authorization");
                byte[] presented = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                        ? auth.substring(7).trim().getBytes(StandardCharsets.US_ASCII) : new byte[0];
                return MessageDigest.isEqual(presented, loopbackToken) ? Optional.of("system:apiserver") : Optional.empty();
            default:
                List<Certificate> chain = null;
                try {
                    chain = req.connection().peerCertificates();
                } catch (Exception e) {
                    // no client certificate: fall back to a bearer token
                }
                return pki.authenticate(chain, req.getHeader("Authorization")).map(UserInfo::name);
        }
    }

    private void onRequest(HttpServerRequest req, Listener listener) {
        String path = req.path();
        boolean open = path.equals("/livez") || path.equals("/readyz") || path.equals("/healthz")
                || path.equals("/version");
        Optional<String> user = authenticate(req, listener);
        if (user.isEmpty() && !open) {
            reject(req, ApiException.unauthorized());
            return;
        }
        String upgrade = req.getHeader("Upgrade");
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            req.toWebSocket().onSuccess(ws -> workers.execute(() ->
                    dispatch(new Exchange(req, Buffer.buffer(), user.orElse("system:anonymous"), ws))))
                    .onFailure(e -> LOG.debug("websocket upgrade failed", e));
            return;
        }
        String lengthHeader = req.getHeader("Content-Length");
        if (lengthHeader != null) {
            try {
                if (Long.parseLong(lengthHeader.trim()) > MAX_BODY) {
                    reject(req, ApiException.tooLarge("the request body exceeds the limit of " + MAX_BODY + " bytes"));
                    return;
                }
            } catch (NumberFormatException e) {
                reject(req, ApiException.badRequest("invalid Content-Length"));
                return;
            }
        }
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = {false};
        req.handler(chunk -> {
            if (tooLarge[0]) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BODY) {
                tooLarge[0] = true;
                reject(req, ApiException.tooLarge("the request body exceeds the limit of " + MAX_BODY + " bytes"));
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> {
            if (!tooLarge[0]) {
                workers.execute(() -> dispatch(new Exchange(req, body, user.orElse("system:anonymous"))));
            }
        });
        req.exceptionHandler(e -> LOG.debug("request error", e));
    }

    private static void reject(HttpServerRequest req, ApiException e) {
        if (!req.response().ended()) {
            req.response().setStatusCode(e.code()).putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(Json.bytes(e.toStatus())));
        }
    }

    private void dispatch(Exchange ex) {
        try {
            if (!nonResource.handle(ex, ready) && !handler.handle(ex)) {
                throw new ApiException(404, "NotFound", "the server could not find the requested resource", null);
            }
        } catch (ApiException e) {
            ex.fail(e);
        } catch (io.jube.store.StoreException e) {
            LOG.warn("store error on {} {}: {}", ex.method(), ex.path(), e.getMessage());
            ex.fail(e.code() == io.jube.store.StoreException.Code.UNAVAILABLE
                    ? ApiException.unavailable("storage unavailable: " + e.getMessage())
                    : ApiException.internal(e.getMessage()));
        } catch (StackOverflowError e) {
            // only a request's own nesting drives recursion this deep
            ex.fail(ApiException.badRequest("the request is nested too deeply"));
        } catch (RuntimeException e) {
            LOG.error("internal error on {} {}", ex.method(), ex.path(), e);
            ex.fail(ApiException.internal(String.valueOf(e.getMessage())));
        }
    }

    /** Writes an object with internal credentials (used for bootstrap and the server's own controllers). */
    public ObjectNode createInternal(ResourceDef def, String ns, ObjectNode obj) {
        return registry.writes().create(def, ns, obj, RequestContext.internal("jube-apiserver")).object();
    }

    @Override
    public void close() {
        ready = false;
        caches.close();
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("vertx close", e);
            }
        }
        workers.shutdownNow();
    }
}
