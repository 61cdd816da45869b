package io.jube.bench;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The load phases' HTTP/1.1 keep-alive connections to one API server on 127.0.0.1: a fixed set,
 * one per writer, each bound to one event loop, carrying one request at a time. Requests are
 * pre-built bytes ({@link Wire}) and replies are parsed in place ({@link Http1Reply}). This is
 * what keeps the client cheap: Vert.x's HttpClient spent most of the bench's CPU in its pool,
 * header maps, futures and cross-loop hand-offs, on the same two cores the server needs.
 * Setup calls and watches still use {@link KubeHttp}.
 */
final class HttpConnections implements AutoCloseable {
    /** A connection that reads nothing for this long is closed, failing its request. */
    private static final int IDLE_TIMEOUT_S = 60;
    private static final long CONNECT_WAIT_S = 30;

    /** The outcome of one request: {@code reply} (valid only during the call) or {@code failure}. */
    interface Handler {
        void done(Http1Reply reply, Throwable failure);
    }

    private final NetClient client;
    private final int port;
    private final Connection[] connections;
    private final Wire wire;

    private HttpConnections(Vertx vertx, NetClientOptions options, int port, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1");
        }
        this.client = vertx.createNetClient(options
                .setTcpNoDelay(true)
                .setConnectTimeout(10_000)
                .setReadIdleTimeout(IDLE_TIMEOUT_S)
                .setIdleTimeoutUnit(TimeUnit.SECONDS));
        this.port = port;
        this.wire = new Wire("127.0.0.1:" + port);
        this.connections = new Connection[size];
        // a context per connection, round-robin over the event loops: each writer stays on one thread
        for (int i = 0; i < size; i++) {
            connections[i] = new Connection((ContextInternal) vertx.getOrCreateContext());
        }
    }

    /** Plain HTTP to the server's insecure port. Call from a non-Vert.x thread. */
    static HttpConnections plain(Vertx vertx, int port, int size) {
        return new HttpConnections(vertx, new NetClientOptions(), port, size);
    }

    /** HTTPS with the admin client certificate from the kubeconfig (whose server must be on loopback). */
    static HttpConnections tls(Vertx vertx, Path kubeconfig, int size) {
        KubeHttp.Tls tls = KubeHttp.Tls.read(kubeconfig);
        NetClientOptions o = new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
                .setTrustOptions(tls.trust()).setKeyCertOptions(tls.keyCert());
        return new HttpConnections(vertx, o, tls.port(), size);
    }

    int size() {
        return connections.length;
    }

    Wire wire() {
        return wire;
    }

    Connection get(int i) {
        return connections[i];
    }

    /** Opens connections 0..n-1 that are not open yet, so a phase does not time its connects. */
    void connect(int n) {
        CountDownLatch done = new CountDownLatch(n);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        for (int i = 0; i < n; i++) {
            Connection c = connections[i];
            c.context.runOnContext(v -> c.open(e -> {
                if (e != null) {
                    failed.compareAndSet(null, e);
                }
                done.countDown();
            }));
        }
        try {
            if (!done.await(CONNECT_WAIT_S, TimeUnit.SECONDS)) {
                throw new IllegalStateException("connections to 127.0.0.1:" + port + " not open after " + CONNECT_WAIT_S + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (failed.get() != null) {
            throw new IllegalStateException("cannot connect to 127.0.0.1:" + port + ": " + failed.get().getMessage(), failed.get());
        }
    }

    @Override
    public void close() {
        client.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
    }

    /** One keep-alive connection; every method runs on its event loop. */
    final class Connection {
        private final ContextInternal context;
        private final Http1Reply reply = new Http1Reply();
        private NetSocket socket;
        private Handler pending;
        private Buffer queued; // the request waiting for a (re)connect

        private Connection(ContextInternal context) {
            this.context = context;
        }

        Context context() {
            return context;
        }

        EventLoop eventLoop() {
            return context.nettyEventLoop();
        }

        /**
         * Sends one request; {@code handler} is called later on this event loop, never from within
         * this call. A closed connection (idle timeout, Connection: close) is reopened first.
         */
        void send(Buffer request, Handler handler) {
            if (pending != null) {
                throw new IllegalStateException("a request is already in flight on this connection");
            }
            pending = handler;
            if (socket != null) {
                socket.write(request, null); // no write future: a failed write closes the socket, which fails the request
            } else {
                queued = request;
                open(e -> {
                    if (e != null) {
                        fail(e);
                    }
                });
            }
        }

        private void open(java.util.function.Consumer<Throwable> then) {
            if (socket != null) {
                then.accept(null);
                return;
            }
            client.connect(port, "127.0.0.1").onComplete(ar -> {
                if (ar.failed()) {
                    then.accept(ar.cause());
                    return;
                }
                NetSocket s = ar.result();
                socket = s;
                s.handler(data -> onData(s, data));
                s.exceptionHandler(e -> {
                    if (s == socket) {
                        drop(s, e);
                    }
                });
                s.closeHandler(v -> {
                    if (s == socket) {
                        drop(s, new IllegalStateException(reply.partial() ? "connection closed mid-reply" : "connection closed"));
                    }
                });
                if (queued != null) {
                    Buffer q = queued;
                    queued = null;
                    s.write(q, null);
                }
                then.accept(null);
            });
        }

        private void onData(NetSocket s, Buffer data) {
            if (s != socket) {
                return;
            }
            boolean whole;
            try {
                whole = reply.feed(data);
            } catch (RuntimeException e) {
                drop(s, e);
                return;
            }
            if (!whole) {
                return;
            }
            if (pending == null) {
                drop(s, new IllegalStateException("reply without a request"));
                return;
            }
            Handler h = pending;
            pending = null;
            if (reply.closeAfter()) {
                socket = null; // the next request reconnects; this socket's close is not a failure
                s.close();
            }
            try {
                h.done(reply, null); // may send the next request on this connection
            } finally {
                reply.next();
            }
        }

        /** Forgets a broken socket and fails the request on it, if any. */
        private void drop(NetSocket s, Throwable why) {
            socket = null;
            s.close();
            reply.next();
            fail(why);
        }

        private void fail(Throwable why) {
            queued = null;
            Handler h = pending;
            pending = null;
            if (h != null) {
                h.done(null, why);
            }
        }
    }
}
