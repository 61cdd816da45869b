package io.jube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.Catalogue;
import io.jube.api.catalogue.ResourceDef;
import io.jube.api.strategy.FieldError;
import io.jube.apiserver.ApiException;
import io.jube.store.KeyValue;
import io.jube.store.ListOptions;
import io.jube.store.ListResult;
import io.jube.store.Store;
import io.jube.store.StoreException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The generic registry: Kubernetes' create/get/list/update/delete semantics for every resource
 * in the catalogue, over the Store SPI. Objects cross this class in their served version;
 * they are stored in their storage version without resourceVersion (it is the store's revision).
 */
public final class Registry {
    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

    private final Store store;
    private final Catalogue catalogue;
    private final Clock clock;
    private volatile java.util.Random random = new SecureRandom();
    private final List<Admission> admissions = new CopyOnWriteArrayList<>();
    private final Writes writes;

    public Registry(Store store, Catalogue catalogue, Clock clock) {
        this.store = store;
        this.catalogue = catalogue;
        this.clock = clock;
        this.writes = new Writes(this);
    }

    public Store store() {
        return store;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public Writes writes() {
        return writes;
    }

    public void addAdmission(Admission a) {
        admissions.add(a);
    }

    List<Admission> admissions() {
        return admissions;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    // ---- reads ----

    /** Decodes a stored value into its storage-version object with resourceVersion set. */
    static ObjectNode decode(KeyValue kv) {
        ObjectNode obj = (ObjectNode) Json.parse(kv.value());
        Json.with(obj, "metadata").put("resourceVersion", Long.toString(kv.modRevision()));
        return obj;
    }

    static byte[] encode(ObjectNode storageObj) {
        ObjectNode meta = (ObjectNode) storageObj.get("metadata");
        JsonNode rv = meta.remove("resourceVersion");
        try {
            return Json.bytes(storageObj);
        } finally {
            if (rv != null) {
                meta.set("resourceVersion", rv);
            }
        }
    }

    /** The storage-version object converted to the served version of {@code def}. */
    public static ObjectNode toServed(ResourceDef def, ObjectNode storageObj) {
        return def.isStorageVersion() ? storageObj : def.conversion().fromStorage(storageObj);
    }

    Optional<ObjectNode> getStored(ResourceDef def, String ns, String name) {
        return store.get(Keys.key(def, ns, name)).map(Registry::decode);
    }

    public ObjectNode get(ResourceDef def, String ns, String name) {
        return getStored(def, ns, name).map(o -> toServed(def, o))
                .orElseThrow(() -> ApiException.notFound(def.group(), def.plural(), name));
    }

    /** The served JSON of an object straight from its stored bytes (a resource served in its storage version). */
    public byte[] getJson(ResourceDef def, String ns, String name) {
        KeyValue kv = store.get(Keys.key(def, ns, name))
                .orElseThrow(() -> ApiException.notFound(def.group(), def.plural(), name));
        return StoredJson.withResourceVersion(kv.value(), kv.modRevision());
    }

    public Optional<ObjectNode> find(ResourceDef def, String ns, String name) {
        return getStored(def, ns, name).map(o -> toServed(def, o));
    }

    /** A page of a list: served objects, the revision read at, and the continue state. */
    public record Page(List<ObjectNode> items, long revision, String continueToken, Long remaining) {
    }

    /** A page of a list as stored bytes (storage version; resourceVersion not yet spliced in). */
    public record StoredPage(List<KeyValue> items, long revision, String continueToken, Long remaining) {
    }

    /**
     * Lists objects matching {@code filter}; pages of {@code limit} (0 = all) from a continue
     * token or a revision (0 = newest).
     */
    public Page list(ResourceDef def, String ns, Predicate<ObjectNode> filter, long limit, String continueToken,
                     long revision) {
        List<ObjectNode> objects = new ArrayList<>();
        StoredPage page = scan(def, ns, filter, limit, continueToken, revision, (kv, decoded) ->
                objects.add(decoded != null ? decoded : toServed(def, decode(kv))));
        return new Page(objects, page.revision(), page.continueToken(), page.remaining());
    }

    /** {@link #list} without decoding what need not be: objects are decoded only to test a filter. */
    public StoredPage listStored(ResourceDef def, String ns, Predicate<ObjectNode> filter, long limit,
                                 String continueToken, long revision) {
        return scan(def, ns, filter, limit, continueToken, revision, (kv, decoded) -> { });
    }

    /** The JSON of a list response built from stored bytes, for a resource served in its storage version. */
    public static byte[] listJson(ResourceDef def, StoredPage page) {
        ObjectNode head = listObject(def, new Page(List.of(), page.revision(), page.continueToken(), page.remaining()));
        byte[] prefix = Json.bytes(head); // ... "items":[]}
        int cut = prefix.length - 2;      // before "]}"
        int size = prefix.length + page.items().size();
        List<byte[]> items = new ArrayList<>(page.items().size());
        for (KeyValue kv : page.items()) {
            byte[] json = StoredJson.withResourceVersion(kv.value(), kv.modRevision());
            items.add(json);
            size += json.length;
        }
        byte[] out = new byte[size];
        System.arraycopy(prefix, 0, out, 0, cut);
        int at = cut;
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            byte[] json = items.get(i);
            System.arraycopy(json, 0, out, at, json.length);
            at += json.length;
        }
        out[at++] = ']';
        out[at++] = '}';
        return java.util.Arrays.copyOf(out, at);
    }

    /** Receives each matching item: its stored bytes, and its served tree when the filter decoded it. */
    private interface Matches {
        void accept(KeyValue kv, ObjectNode decodedOrNull);
    }

    private StoredPage scan(ResourceDef def, String ns, Predicate<ObjectNode> filter, long limit,
                            String continueToken, long revision, Matches matches) {
        String prefix = Keys.listPrefix(def, ns);
        String startAfter = null;
        if (continueToken != null && !continueToken.isEmpty()) {
            ContinueToken t = ContinueToken.decode(continueToken);
            revision = t.revision();
            startAfter = prefix + t.start();
        }
        List<KeyValue> out = new ArrayList<>();
        long readAt = revision;
        boolean more = false;
        Long remaining = null;
        String lastKey = null;
        try {
            while (true) {
                long want = limit == 0 ? 0 : Math.max(limit - out.size(), Math.min(limit * 2, 10_000));
                ListResult page = store.list(prefix, new ListOptions(readAt, want, startAfter));
                readAt = page.revision();
                boolean full = false;
                int used = 0;
                for (KeyValue kv : page.items()) {
                    used++;
                    lastKey = kv.key();
                    ObjectNode obj = filter == ALL ? null : toServed(def, decode(kv));
                    if (obj == null || filter.test(obj)) {
                        out.add(kv);
                        matches.accept(kv, obj);
                        if (limit > 0 && out.size() >= limit) {
                            full = true;
                            break;
                        }
                    }
                }
                boolean leftInPage = used < page.items().size();
                if (full) {
                    more = leftInPage || page.more();
                    if (more && filter == ALL) {
                        remaining = (long) (page.items().size() - used) + page.remaining();
                    }
                    break;
                }
                if (!page.more()) {
                    break;
                }
                startAfter = lastKey;
            }
        } catch (StoreException e) {
            if (e.code() == StoreException.Code.COMPACTED) {
                throw continueToken != null && !continueToken.isEmpty()
                        ? ApiException.gone("The provided continue parameter is too old to display a consistent "
                        + "list result. You can start a new list without the continue parameter, or use the continue "
                        + "token in this response to retrieve the remainder of the results. Continuing with the "
                        + "provided token results in an inconsistent list - objects that were created, modified, or "
                        + "deleted between the time the first chunk was returned and now may show up in the list.")
                        : ApiException.gone("too old resource version: " + revision + " (" + store.compactedRevision() + ")");
            }
            throw e;
        }
        String token = more ? new ContinueToken(readAt, lastKey.substring(prefix.length())).encode() : null;
        return new StoredPage(out, readAt, token, remaining);
    }

    /** The filter that accepts everything (lets list compute remainingItemCount). */
    public static final Predicate<ObjectNode> ALL = o -> true;

    // ---- names and system fields ----

    /** Tests choose the generated-name suffixes. */
    void nameRandom(java.util.Random r) {
        random = r;
    }

    String generateName(String base) {
        StringBuilder sb = new StringBuilder(base.length() > 58 ? base.substring(0, 58) : base);
        for (int i = 0; i < 5; i++) {
            sb.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return sb.toString();
    }

    static String newUid() {
        return UUID.randomUUID().toString();
    }

    static ApiException mapStoreError(ResourceDef def, String name, StoreException e) {
        return switch (e.code()) {
            case NOT_FOUND -> ApiException.notFound(def.group(), def.plural(), name);
            case ALREADY_EXISTS -> ApiException.alreadyExists(def.group(), def.plural(), name);
            case CONFLICT -> ApiException.staleVersion(def.group(), def.plural(), name);
            case COMPACTED -> ApiException.gone(e.getMessage());
            case UNAVAILABLE -> ApiException.unavailable("storage unavailable: " + e.getMessage());
            case INTERNAL -> ApiException.internal(e.getMessage());
        };
    }

    static void requireValid(ResourceDef def, String name, List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(def.group(), def.kind(), name, errors);
        }
    }

    /** Items of a list response, as kubectl and client libraries expect. */
    public static ObjectNode listObject(ResourceDef def, Page page) {
        ObjectNode list = Json.object();
        list.put("kind", def.kind() + "List").put("apiVersion", def.groupVersion());
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", Long.toString(page.revision()));
        if (page.continueToken() != null) {
            meta.put("continue", page.continueToken());
        }
        if (page.remaining() != null && page.remaining() > 0) {
            meta.put("remainingItemCount", page.remaining());
        }
        ArrayNode items = list.putArray("items");
        page.items().forEach(items::add);
        return list;
    }
}
