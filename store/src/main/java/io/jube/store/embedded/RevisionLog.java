package io.jube.store.embedded;

import io.jube.store.StoreException;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The RocksDB files: column family "revs" maps an 8-byte big-endian revision to its {@link Record};
 * the default column family holds meta (compacted revision, lease table). Every batch is written
 * with a synced WAL, so an acknowledged write survives kill -9 and power loss.
 */
final class RevisionLog implements AutoCloseable {
    static final byte[] COMPACTED = "compacted".getBytes(StandardCharsets.UTF_8);
    static final byte[] LEASE_SEQ = "leaseSeq".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LEASE_PREFIX = "lease/".getBytes(StandardCharsets.UTF_8);

    static {
        RocksDB.loadLibrary();
    }

    private final LRUCache cache;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final WriteOptions syncWrite;
    private final RocksDB db;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle revs;

    RevisionLog(Path dir) {
        try {
            Files.createDirectories(dir);
            cache = new LRUCache(64L << 20);
            cfOptions = new ColumnFamilyOptions()
                    .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
            dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                    .setMaxBackgroundJobs(2).setKeepLogFileNum(3);
            syncWrite = new WriteOptions().setSync(true);
            List<ColumnFamilyDescriptor> descriptors = List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                    new ColumnFamilyDescriptor("revs".getBytes(StandardCharsets.UTF_8), cfOptions));
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            meta = handles.get(0);
            revs = handles.get(1);
        } catch (RocksDBException | java.io.IOException e) {
            throw new StoreException(StoreException.Code.INTERNAL, "cannot open store at " + dir + ": " + e.getMessage(), null, e);
        }
    }

    /** A batch of changes to write atomically. */
    final class Batch implements AutoCloseable {
        private final WriteBatch batch = new WriteBatch();

        void put(Record r) throws RocksDBException {
            batch.put(revs, Record.revisionKey(r.revision()), r.encode());
        }

        void deleteRevision(long revision) throws RocksDBException {
            batch.delete(revs, Record.revisionKey(revision));
        }

        void putMeta(byte[] key, byte[] value) throws RocksDBException {
            batch.put(meta, key, value);
        }

        void deleteMeta(byte[] key) throws RocksDBException {
            batch.delete(meta, key);
        }

        void commit() throws RocksDBException {
            db.write(syncWrite, batch);
        }

        @Override
        public void close() {
            batch.close();
        }
    }

    Batch batch() {
        return new Batch();
    }

    /** The record at {@code revision}, or null if there is none (never written or compacted away). */
    Record get(long revision) {
        try {
            byte[] bytes = db.get(revs, Record.revisionKey(revision));
            return bytes == null ? null : Record.decode(revision, bytes);
        } catch (RocksDBException e) {
            throw internal(e);
        }
    }

    /** The records of {@code revisions} (null where missing), in the same order. */
    List<Record> getAll(List<Long> revisions) {
        if (revisions.isEmpty()) {
            return List.of();
        }
        List<ColumnFamilyHandle> cfs = new ArrayList<>(revisions.size());
        List<byte[]> keys = new ArrayList<>(revisions.size());
        for (long r : revisions) {
            cfs.add(revs);
            keys.add(Record.revisionKey(r));
        }
        try {
            List<byte[]> values = db.multiGetAsList(cfs, keys);
            List<Record> out = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                byte[] v = values.get(i);
                out.add(v == null ? null : Record.decode(revisions.get(i), v));
            }
            return out;
        } catch (RocksDBException e) {
            throw internal(e);
        }
    }

    /**
     * Calls {@code sink} for the records with revision in ({@code after}, {@code upTo}] in order, at
     * most {@code max} of them; returns how many it passed.
     */
    int scan(long after, long upTo, int max, Consumer<Record> sink) {
        int n = 0;
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(revs, ro)) {
            for (it.seek(Record.revisionKey(after + 1)); it.isValid() && n < max; it.next()) {
                long rev = Record.revisionOf(it.key());
                if (rev > upTo) {
                    break;
                }
                sink.accept(Record.decode(rev, it.value()));
                n++;
            }
            it.status();
        } catch (RocksDBException e) {
            throw internal(e);
        }
        return n;
    }

    /** The newest revision in the log, 0 if empty. */
    long lastRevision() {
        try (RocksIterator it = db.newIterator(revs)) {
            it.seekToLast();
            return it.isValid() ? Record.revisionOf(it.key()) : 0;
        }
    }

    long countRecords() {
        long n = 0;
        try (RocksIterator it = db.newIterator(revs)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
        }
        return n;
    }

    long sstBytes() {
        try {
            return db.getLongProperty(revs, "rocksdb.total-sst-files-size")
                    + db.getLongProperty(meta, "rocksdb.total-sst-files-size");
        } catch (RocksDBException e) {
            throw internal(e);
        }
    }

    /** Rewrites the files holding revisions below {@code revision} so deleted records free disk space. */
    void reclaim(long revision) {
        try (CompactRangeOptions o = new CompactRangeOptions()
                .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForce)) {
            db.compactRange(revs, Record.revisionKey(0), Record.revisionKey(revision), o);
        } catch (RocksDBException e) {
            throw internal(e);
        }
    }

    long readLong(byte[] key) {
        try {
            byte[] v = db.get(meta, key);
            return v == null ? 0 : ByteBuffer.wrap(v).getLong();
        } catch (RocksDBException e) {
            throw internal(e);
        }
    }

    static byte[] longBytes(long v) {
        return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }

    static byte[] leaseKey(long id) {
        return ByteBuffer.allocate(LEASE_PREFIX.length + Long.BYTES).put(LEASE_PREFIX).putLong(id).array();
    }

    static byte[] leaseValue(long ttlSeconds, long deadlineMillis) {
        return ByteBuffer.allocate(2 * Long.BYTES).putLong(ttlSeconds).putLong(deadlineMillis).array();
    }

    /** The stored leases: id → {ttlSeconds, deadlineMillis}. */
    Map<Long, long[]> readLeases() {
        Map<Long, long[]> out = new HashMap<>();
        try (RocksIterator it = db.newIterator(meta)) {
            for (it.seek(LEASE_PREFIX); it.isValid(); it.next()) {
                byte[] k = it.key();
                if (k.length != LEASE_PREFIX.length + Long.BYTES
                        || !java.util.Arrays.equals(k, 0, LEASE_PREFIX.length, LEASE_PREFIX, 0, LEASE_PREFIX.length)) {
                    break;
                }
                ByteBuffer v = ByteBuffer.wrap(it.value());
                out.put(ByteBuffer.wrap(k, LEASE_PREFIX.length, Long.BYTES).getLong(), new long[]{v.getLong(), v.getLong()});
            }
        }
        return out;
    }

    static StoreException internal(Exception e) {
        return new StoreException(StoreException.Code.INTERNAL, "store I/O failed: " + e.getMessage(), null, e);
    }

    @Override
    public void close() {
        meta.close();
        revs.close();
        db.close();
        syncWrite.close();
        dbOptions.close();
        cfOptions.close();
        cache.close();
    }
}
