package org.dynmm.rec.models.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TextEmbedder} that remembers vectors in a file, so that re-embedding a catalog (the
 * trainer's next run, a restarted job) only encodes new or changed texts.
 *
 * <p>The file is loaded when opened, new vectors are appended (buffered) and flushed on {@link
 * #flush()} and {@link #close()}. Layout, little-endian: magic {@code DMTXTEMB}, format version,
 * dimension, model id; then entries of {@code sha256(modelId, dimension, text)} (32 bytes), the
 * vector ({@code dimension} floats) and a CRC32 of both. Because the key and header include the
 * model id and dimension, vectors of another model are never reused.
 *
 * <p>The cache never fails the caller: a file from another model or with a damaged header is
 * replaced; a truncated or corrupt tail (e.g. after a crash mid-append) is cut off and the valid
 * prefix kept; when the file cannot be written (read-only disk, or locked by another instance) the
 * cache works in memory only. Problems are logged as warnings.
 *
 * <p>Thread-safe; the delegate is called outside the lock. All vectors are held in memory
 * (dimension × 4 bytes each, 1.5 KB at 384-d). Closing does not close the delegate.
 */
public final class CachedTextEmbedder implements TextEmbedder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CachedTextEmbedder.class);

    private static final byte[] MAGIC = "DMTXTEMB".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT_VERSION = 1;
    private static final int KEY_BYTES = 32;
    private static final int MAX_MODEL_ID_BYTES = 4096;
    private static final int APPEND_BUFFER_ENTRIES = 64;

    private final TextEmbedder delegate;
    private final Path file;
    private final String modelId;
    private final int dimension;
    private final int entryBytes;

    private final Object lock = new Object();
    private final Map<Key, float[]> vectors = new HashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /** Open for appending while we hold the file lock; null when working in memory only. */
    private FileChannel channel;

    private FileLock fileLock;
    private ByteBuffer pending;

    private CachedTextEmbedder(TextEmbedder delegate, Path file) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.modelId = Objects.requireNonNull(delegate.modelId(), "delegate.modelId()");
        this.dimension = delegate.dimension();
        this.entryBytes = KEY_BYTES + dimension * Float.BYTES + Integer.BYTES;
    }

    /** A cache over {@code delegate} backed by {@code file}, which need not exist yet. */
    public static CachedTextEmbedder open(TextEmbedder delegate, Path file) {
        CachedTextEmbedder cache = new CachedTextEmbedder(delegate, file);
        cache.load();
        return cache;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        MessageDigest sha = newSha256();
        float[][] result = new float[texts.size()][];
        Key[] keys = new Key[texts.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key(sha, Objects.requireNonNull(texts.get(i), "text"));
        }
        // Distinct missing texts, each with the positions that need its vector.
        Map<String, List<Integer>> missing = new LinkedHashMap<>();
        synchronized (lock) {
            for (int i = 0; i < keys.length; i++) {
                float[] v = vectors.get(keys[i]);
                if (v != null) {
                    result[i] = v.clone();
                } else {
                    missing.computeIfAbsent(texts.get(i), t -> new ArrayList<>()).add(i);
                }
            }
        }
        hits.addAndGet(keys.length - missing.values().stream().mapToInt(List::size).sum());
        if (!missing.isEmpty()) {
            List<String> todo = new ArrayList<>(missing.keySet());
            List<float[]> computed = delegate.embedAll(todo);
            if (computed.size() != todo.size()) {
                throw new IllegalStateException(
                        modelId + " returned " + computed.size() + " vectors for " + todo.size());
            }
            misses.addAndGet(todo.size());
            synchronized (lock) {
                for (int j = 0; j < todo.size(); j++) {
                    float[] v = computed.get(j);
                    if (v.length != dimension) {
                        throw new IllegalStateException(
                                modelId + " returned " + v.length + " values, not " + dimension);
                    }
                    List<Integer> positions = missing.get(todo.get(j));
                    Key key = keys[positions.get(0)];
                    if (vectors.putIfAbsent(key, v.clone()) == null) {
                        append(key, v);
                    }
                    for (int i : positions) {
                        result[i] = v.clone();
                    }
                }
            }
        }
        return new ArrayList<>(Arrays.asList(result));
    }

    /** Number of texts answered from the cache since opening. */
    public long hits() {
        return hits.get();
    }

    /** Number of distinct texts passed to the delegate since opening. */
    public long misses() {
        return misses.get();
    }

    /** Number of vectors held. */
    public int size() {
        synchronized (lock) {
            return vectors.size();
        }
    }

    /** True when new vectors are being written to the file. */
    public boolean isPersistent() {
        synchronized (lock) {
            return channel != null;
        }
    }

    /** Writes buffered entries to the file. */
    public void flush() {
        synchronized (lock) {
            if (channel == null || pending.position() == 0) {
                return;
            }
            try {
                pending.flip();
                while (pending.hasRemaining()) {
                    channel.write(pending);
                }
                pending.clear();
            } catch (IOException e) {
                stopPersisting("cannot append to", e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            flush();
            closeChannel();
        }
    }

    // ------------------------------------------------------------------------------------------

    private void load() {
        long validEnd = 0;
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel =
                    FileChannel.open(
                            file,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
            try {
                fileLock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                fileLock = null;
            }
            validEnd = readEntries();
            if (fileLock == null) {
                LOG.warn(
                        "Text embedding cache {} is in use by another cache instance; new vectors"
                                + " stay in memory only.",
                        file);
                closeChannel();
                return;
            }
            if (validEnd < channel.size()) {
                channel.truncate(validEnd);
            }
            if (validEnd == 0) {
                writeHeader();
            }
            channel.position(channel.size());
            pending =
                    ByteBuffer.allocate(entryBytes * APPEND_BUFFER_ENTRIES)
                            .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException | RuntimeException e) {
            stopPersisting("cannot use", e);
        }
    }

    /** Loads valid entries and returns the length of the valid prefix (0 = no usable header). */
    private long readEntries() throws IOException {
        long size = channel.size();
        if (size == 0) {
            return 0;
        }
        long headerEnd = readHeader(size);
        if (headerEnd < 0) {
            return 0;
        }
        long count = (size - headerEnd) / entryBytes;
        ByteBuffer buffer =
                ByteBuffer.allocate(entryBytes * APPEND_BUFFER_ENTRIES)
                        .order(ByteOrder.LITTLE_ENDIAN);
        long position = headerEnd;
        long loaded = 0;
        CRC32 crc = new CRC32();
        while (loaded < count) {
            int batch = (int) Math.min(APPEND_BUFFER_ENTRIES, count - loaded);
            buffer.clear().limit(batch * entryBytes);
            readFully(buffer, position);
            buffer.flip();
            for (int b = 0; b < batch; b++) {
                int start = b * entryBytes;
                crc.reset();
                crc.update(buffer.array(), start, entryBytes - Integer.BYTES);
                if ((int) crc.getValue() != buffer.getInt(start + entryBytes - Integer.BYTES)) {
                    LOG.warn(
                            "Text embedding cache {} is corrupt after {} entries; keeping those.",
                            file,
                            loaded);
                    return headerEnd + loaded * entryBytes;
                }
                byte[] key = Arrays.copyOfRange(buffer.array(), start, start + KEY_BYTES);
                float[] v = new float[dimension];
                buffer.position(start + KEY_BYTES);
                buffer.asFloatBuffer().get(v);
                vectors.put(new Key(key), v);
                loaded++;
            }
            position += (long) batch * entryBytes;
        }
        long end = headerEnd + loaded * entryBytes;
        if (end < size) {
            LOG.warn(
                    "Text embedding cache {} ends in a partial entry ({} bytes); keeping the {}"
                            + " complete entries.",
                    file,
                    size - end,
                    loaded);
        }
        return end;
    }

    /** Returns the header length, or -1 (with a warning) when the header is unusable. */
    private long readHeader(long size) throws IOException {
        int fixed = MAGIC.length + 3 * Integer.BYTES;
        if (size >= fixed) {
            ByteBuffer head = ByteBuffer.allocate(fixed).order(ByteOrder.LITTLE_ENDIAN);
            readFully(head, 0);
            head.flip();
            byte[] magic = new byte[MAGIC.length];
            head.get(magic);
            int version = head.getInt();
            int dim = head.getInt();
            int idLength = head.getInt();
            if (Arrays.equals(magic, MAGIC)
                    && version == FORMAT_VERSION
                    && idLength >= 0
                    && idLength <= MAX_MODEL_ID_BYTES
                    && size >= fixed + idLength) {
                ByteBuffer id = ByteBuffer.allocate(idLength);
                readFully(id, fixed);
                String fileModel = new String(id.array(), StandardCharsets.UTF_8);
                if (dim == dimension && fileModel.equals(modelId)) {
                    return fixed + idLength;
                }
                LOG.warn(
                        "Text embedding cache {} holds vectors of {} ({}-d), not {} ({}-d);"
                                + " starting a new cache.",
                        file,
                        fileModel,
                        dim,
                        modelId,
                        dimension);
                return -1;
            }
        }
        LOG.warn("Text embedding cache {} has no valid header; starting a new cache.", file);
        return -1;
    }

    private void writeHeader() throws IOException {
        byte[] id = modelId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer head =
                ByteBuffer.allocate(MAGIC.length + 3 * Integer.BYTES + id.length)
                        .order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).putInt(FORMAT_VERSION).putInt(dimension).putInt(id.length).put(id);
        head.flip();
        channel.truncate(0);
        channel.position(0);
        while (head.hasRemaining()) {
            channel.write(head);
        }
    }

    private void append(Key key, float[] v) {
        if (channel == null) {
            return;
        }
        if (pending.remaining() < entryBytes) {
            flush();
            if (channel == null) {
                return;
            }
        }
        int start = pending.position();
        pending.put(key.bytes);
        for (float x : v) {
            pending.putFloat(x);
        }
        CRC32 crc = new CRC32();
        crc.update(pending.array(), start, entryBytes - Integer.BYTES);
        pending.putInt((int) crc.getValue());
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        long pos = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, pos);
            if (n < 0) {
                throw new IOException("unexpected end of " + file);
            }
            pos += n;
        }
    }

    private void stopPersisting(String what, Exception e) {
        LOG.warn("Text embedding cache: {} {}; continuing in memory only.", what, file, e);
        closeChannel();
    }

    private void closeChannel() {
        try {
            if (fileLock != null && fileLock.isValid()) {
                fileLock.release();
            }
        } catch (IOException e) {
            // Closing the channel releases the lock anyway.
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            LOG.warn("Cannot close text embedding cache {}", file, e);
        }
        fileLock = null;
        channel = null;
    }

    private Key key(MessageDigest sha, String text) {
        sha.reset();
        sha.update(modelId.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Integer.toString(dimension).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) 0);
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        return new Key(sha.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    /** A sha256 digest as a hash map key. */
    private static final class Key {
        final byte[] bytes;
        final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(bytes, ((Key) o).bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
