package io.jube.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.jube.store.KeyValue;
import io.jube.store.ListOptions;
import io.jube.store.ListResult;
import io.jube.store.Store;
import io.jube.store.StoreChecks;
import io.jube.store.StoreException;
import io.jube.store.StoreException.Code;
import io.jube.store.Watch;
import io.jube.store.WatchListener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store on an etcd 3 cluster through jetcd. Every key is stored under {@code keyPrefix}, so
 * several stores can share one cluster. Writes are etcd transactions comparing the key's create or
 * mod revision, exactly as kube-apiserver does; revisions are etcd's own.
 */
public final class EtcdStore implements Store {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int UPDATE_ATTEMPTS = 32;
    private static final int WATCH_BUFFER = 10_000;
    /** A key no caller uses (keys never contain NUL), read only for the revision in the response. */
    private static final String PROBE_KEY = "\0probe";

    private final Client client;
    private final KV kv;
    private final String keyPrefix;
    private final ExecutorService delivery;
    private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();
    private final AtomicLong knownCompacted = new AtomicLong();

    private EtcdStore(Client client, String keyPrefix) {
        this.client = client;
        this.kv = client.getKVClient();
        this.keyPrefix = keyPrefix;
        AtomicInteger n = new AtomicInteger();
        this.delivery = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jube-etcd-watch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects to etcd at {@code endpoints} (e.g. {@code http://127.0.0.1:2379}); all keys live
     * under {@code keyPrefix} (may be empty). Does not contact etcd yet: an unreachable cluster
     * shows as UNAVAILABLE on the first operation.
     */
    public static EtcdStore connect(List<String> endpoints, String keyPrefix) {
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one etcd endpoint is needed");
        }
        Client client = Client.builder().endpoints(endpoints.toArray(String[]::new))
                .connectTimeout(Duration.ofSeconds(5))
                .retryMaxDuration(Duration.ofSeconds(10))
                .build();
        return new EtcdStore(client, keyPrefix);
    }

    @Override
    public long currentRevision() {
        GetResponse r = call(kv.get(full(PROBE_KEY),
                GetOption.builder().withCountOnly(true).build()));
        return r.getHeader().getRevision();
    }

    /**
     * etcd does not report its compacted revision directly; reading at revision r fails exactly
     * when r is below it, so this searches for the lowest readable revision (a handful of requests).
     */
    @Override
    public long compactedRevision() {
        long low = Math.max(1, knownCompacted.get());
        if (readable(low)) {
            return knownCompacted.get();
        }
        long high = currentRevision(); // always readable
        while (low + 1 < high) { // invariant: low unreadable, high readable
            long mid = low + (high - low) / 2;
            if (readable(mid)) {
                high = mid;
            } else {
                low = mid;
            }
        }
        knownCompacted.accumulateAndGet(high, Math::max);
        return high;
    }

    private boolean readable(long revision) {
        try {
            call(kv.get(full(PROBE_KEY), GetOption.builder().withRevision(revision).withCountOnly(true).build()));
            return true;
        } catch (StoreException e) {
            if (e.code() == Code.COMPACTED) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<KeyValue> get(String key) {
        StoreChecks.requireKey(key);
        GetResponse r = call(kv.get(full(key)));
        return r.getKvs().stream().findFirst().map(this::toKeyValue);
    }

    @Override
    public ListResult list(String prefix, ListOptions options) {
        StoreChecks.requireListOptions(prefix, options);
        ByteSequence from = options.startAfter() != null && options.startAfter().compareTo(prefix) >= 0
                ? full(options.startAfter() + "\0")
                : full(prefix);
        GetOption.Builder o = GetOption.builder().withRange(rangeEnd(prefix))
                .withRevision(options.revision()).withLimit(options.limit());
        GetResponse r = call(kv.get(from, o.build()));
        List<KeyValue> items = new ArrayList<>(r.getKvs().size());
        r.getKvs().forEach(k -> items.add(toKeyValue(k)));
        long remaining = Math.max(0, r.getCount() - items.size());
        long revision = options.revision() != 0 ? options.revision() : r.getHeader().getRevision();
        return new ListResult(items, revision, r.isMore(), r.isMore() ? remaining : 0);
    }

    @Override
    public long count(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return call(kv.get(full(prefix), GetOption.builder().withRange(rangeEnd(prefix)).withCountOnly(true).build()))
                .getCount();
    }

    @Override
    public KeyValue create(String key, byte[] value, long lease) {
        StoreChecks.requireKey(key);
        StoreChecks.requireValue(value);
        ByteSequence k = full(key);
        TxnResponse r = call(kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.builder().withLeaseId(lease).build()))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit());
        if (!r.isSucceeded()) {
            throw new StoreException(Code.ALREADY_EXISTS, "key " + key + " already exists", current(r), null);
        }
        long rev = r.getHeader().getRevision();
        return new KeyValue(key, value.clone(), rev, rev, lease);
    }

    /**
     * etcd's put has no "keep the lease" flag in jetcd, so an update that keeps the lease first
     * reads the key and then puts with the lease it saw, guarded by the mod revision it saw.
     */
    @Override
    public KeyValue update(String key, byte[] value, long expectedModRevision, long lease) {
        StoreChecks.requireKey(key);
        StoreChecks.requireValue(value);
        ByteSequence k = full(key);
        KeyValue seen = null;
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            if (lease == 0 && seen == null) {
                seen = get(key).orElseThrow(() -> notFound(key));
                if (expectedModRevision != 0 && seen.modRevision() != expectedModRevision) {
                    throw conflict(key, expectedModRevision, seen);
                }
            }
            Cmp guard = seen != null ? new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(seen.modRevision()))
                    : expectedModRevision != 0 ? new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision))
                    : new Cmp(k, Cmp.Op.GREATER, CmpTarget.createRevision(0));
            long putLease = lease != 0 ? lease : seen.lease();
            TxnResponse r = call(kv.txn().If(guard)
                    .Then(Op.put(k, ByteSequence.from(value), PutOption.builder().withLeaseId(putLease).withPrevKV().build()))
                    .Else(Op.get(k, GetOption.DEFAULT))
                    .commit());
            if (r.isSucceeded()) {
                long create = r.getPutResponses().get(0).getPrevKv().getCreateRevision();
                return new KeyValue(key, value.clone(), create, r.getHeader().getRevision(), putLease);
            }
            KeyValue now = current(r);
            if (now == null) {
                throw notFound(key);
            }
            if (expectedModRevision != 0) {
                throw conflict(key, expectedModRevision, now);
            }
            seen = lease == 0 ? now : null; // unconditional update raced with another writer: retry
        }
        throw new StoreException(Code.CONFLICT, "key " + key + " kept changing; gave up after " + UPDATE_ATTEMPTS + " attempts");
    }

    @Override
    public KeyValue delete(String key, long expectedModRevision) {
        StoreChecks.requireKey(key);
        ByteSequence k = full(key);
        Cmp guard = expectedModRevision != 0 ? new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision))
                : new Cmp(k, Cmp.Op.GREATER, CmpTarget.createRevision(0));
        TxnResponse r = call(kv.txn().If(guard)
                .Then(Op.delete(k, DeleteOption.builder().withPrevKV(true).build()))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit());
        if (!r.isSucceeded()) {
            KeyValue now = current(r);
            throw now == null ? notFound(key) : conflict(key, expectedModRevision, now);
        }
        List<io.etcd.jetcd.KeyValue> prev = r.getDeleteResponses().get(0).getPrevKvs();
        if (prev.isEmpty()) {
            throw notFound(key);
        }
        KeyValue p = toKeyValue(prev.get(0));
        return new KeyValue(key, p.value(), p.createRevision(), r.getHeader().getRevision(), p.lease());
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        StoreChecks.requireWatch(prefix, afterRevision, listener);
        WatchOption option = WatchOption.builder().withRange(rangeEnd(prefix)).withPrevKV(true)
                .withRevision(afterRevision + 1).build();
        EtcdWatch w = new EtcdWatch(this::toKeyValue, listener, delivery, WATCH_BUFFER, watches::remove);
        watches.add(w);
        w.start(client.getWatchClient().watch(full(prefix), option, w));
        return w;
    }

    @Override
    public void compact(long revision) {
        StoreChecks.requireRevision(revision);
        try {
            call(kv.compact(revision, CompactOption.builder().withCompactPhysical(true).build()));
        } catch (StoreException e) {
            if (e.code() != Code.COMPACTED) { // already compacted at or past it: nothing to do
                throw e;
            }
        }
        knownCompacted.accumulateAndGet(revision, Math::max);
    }

    @Override
    public long grantLease(long ttlSeconds) {
        StoreChecks.requireTtl(ttlSeconds);
        return call(client.getLeaseClient().grant(ttlSeconds)).getID();
    }

    @Override
    public void revokeLease(long lease) {
        call(client.getLeaseClient().revoke(lease));
    }

    @Override
    public void close() {
        List.copyOf(watches).forEach(EtcdWatch::close);
        delivery.shutdown();
        client.close();
    }

    private ByteSequence full(String key) {
        return ByteSequence.from(keyPrefix + key, StandardCharsets.UTF_8);
    }

    /** The end of the key range holding every key that starts with {@code prefix} (within our key prefix). */
    private ByteSequence rangeEnd(String prefix) {
        byte[] p = (keyPrefix + prefix).getBytes(StandardCharsets.UTF_8);
        for (int i = p.length - 1; i >= 0; i--) {
            if (p[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(p, i + 1);
                end[i]++;
                return ByteSequence.from(end);
            }
        }
        return ByteSequence.from(new byte[]{0}); // etcd: "\0" as range end means every key from the start key on
    }

    KeyValue toKeyValue(io.etcd.jetcd.KeyValue k) {
        String key = k.getKey().toString(StandardCharsets.UTF_8).substring(keyPrefix.length());
        return new KeyValue(key, k.getValue().getBytes(), k.getCreateRevision(), k.getModRevision(), k.getLease());
    }

    /** The key's value from a failed transaction's Else(get), or null if it does not exist. */
    private KeyValue current(TxnResponse r) {
        List<io.etcd.jetcd.KeyValue> kvs = r.getGetResponses().get(0).getKvs();
        return kvs.isEmpty() ? null : toKeyValue(kvs.get(0));
    }

    private static StoreException notFound(String key) {
        return new StoreException(Code.NOT_FOUND, "key " + key + " not found");
    }

    private static StoreException conflict(String key, long expected, KeyValue now) {
        return new StoreException(Code.CONFLICT, "key " + key + " was modified at revision " + now.modRevision()
                + ", expected " + expected, now, null);
    }

    private static <T> T call(CompletableFuture<T> f) {
        try {
            return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw EtcdErrors.toStoreException(e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new StoreException(Code.UNAVAILABLE, "etcd did not answer within " + TIMEOUT, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(Code.UNAVAILABLE, "interrupted while waiting for etcd", null, e);
        }
    }
}
