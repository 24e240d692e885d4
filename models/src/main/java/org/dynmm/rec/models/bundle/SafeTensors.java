package org.dynmm.rec.models.bundle;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format,
 * so that bundles written by the trainer open in Python with {@code
 * safetensors.numpy.load_file(path)} and vice versa.
 *
 * <p>Layout: an 8-byte little-endian header length {@code N}, {@code N} bytes of UTF-8 JSON ({@code
 * {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ..., "__metadata__":
 * {string: string}}}, padded with spaces to a multiple of 8), then the raw little-endian tensor
 * data; offsets are relative to the start of the data.
 *
 * <p>Only {@code F32} is supported. Tensors are written in name order with compact JSON, so equal
 * inputs give byte-identical files. Reading validates the header as the reference implementation
 * does (size limits, offsets in bounds, contiguous, non-overlapping, sizes matching shapes) and
 * fails with a {@link BundleException} naming the file and the problem.
 */
public final class SafeTensors {

    /** Reserved header key holding string-to-string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    /** The reference implementation rejects headers above 100 MB; so do we. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final String F32 = "F32";
    private static final int CHUNK_BYTES = 1 << 20;

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** The tensors (by name, sorted) and metadata of one file. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    private SafeTensors() {}

    /** Writes the tensors (any order; stored sorted by name) and optional metadata to a file. */
    public static void write(Path file, Collection<Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, tensors, metadata);
        }
    }

    /** Writes the file to a stream (not closed). */
    public static void write(
            OutputStream out, Collection<Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        List<Tensor> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparing(Tensor::name));
        for (int i = 0; i < sorted.size(); i++) {
            String name = sorted.get(i).name();
            if (METADATA_KEY.equals(name)) {
                throw new IllegalArgumentException(
                        METADATA_KEY + " is reserved, not a tensor name");
            }
            if (i > 0 && sorted.get(i - 1).name().equals(name)) {
                throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
            }
        }

        byte[] header = header(sorted, metadata);
        ByteBuffer length = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        out.write(length.putLong(header.length).array());
        out.write(header);

        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor tensor : sorted) {
            float[] data = tensor.data();
            int pos = 0;
            while (pos < data.length) {
                int n = Math.min(data.length - pos, CHUNK_BYTES / Float.BYTES);
                buffer.clear();
                buffer.asFloatBuffer().put(data, pos, n);
                out.write(buffer.array(), 0, n * Float.BYTES);
                pos += n;
            }
        }
    }

    private static byte[] header(List<Tensor> sorted, Map<String, String> metadata)
            throws JsonProcessingException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA_KEY);
            new TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        for (Tensor tensor : sorted) {
            ObjectNode entry = root.putObject(tensor.name());
            entry.put("dtype", F32);
            ArrayNode shape = entry.putArray("shape");
            for (int dim : tensor.shape()) {
                shape.add(dim);
            }
            long end = offset + (long) tensor.size() * Float.BYTES;
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = JSON.writeValueAsBytes(root);
        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    /** Reads and validates a whole file. */
    public static Contents read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel, file.toString());
        } catch (NoSuchFileException e) {
            throw new BundleException("tensor file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new BundleException("cannot read tensor file " + file + ": " + e, e);
        }
    }

    private static Contents read(FileChannel channel, String source) throws IOException {
        long fileSize = channel.size();
        if (fileSize < Long.BYTES) {
            throw invalid(
                    source,
                    "it has only " + fileSize + " bytes, less than the 8-byte header length");
        }
        long headerLength = readBuffer(channel, 0, Long.BYTES).getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES) {
            throw invalid(
                    source,
                    "its header length "
                            + headerLength
                            + " is outside 1.."
                            + MAX_HEADER_BYTES
                            + " bytes (not a safetensors file?)");
        }
        if (Long.BYTES + headerLength > fileSize) {
            throw invalid(
                    source,
                    "its header length "
                            + headerLength
                            + " exceeds the file size "
                            + fileSize
                            + " (truncated file?)");
        }
        ByteBuffer headerBytes = readBuffer(channel, Long.BYTES, (int) headerLength);
        JsonNode root;
        try {
            root = JSON.readTree(headerBytes.array());
        } catch (JacksonException e) {
            throw invalid(source, "its header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid(source, "its header is not a JSON object");
        }

        Map<String, String> metadata = new TreeMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (METADATA_KEY.equals(field.getKey())) {
                readMetadata(source, field.getValue(), metadata);
            } else {
                entries.add(entry(source, field.getKey(), field.getValue()));
            }
        }

        long dataSize = fileSize - Long.BYTES - headerLength;
        validateLayout(source, entries, dataSize);

        long dataStart = Long.BYTES + headerLength;
        Map<String, Tensor> tensors = new TreeMap<>();
        for (Entry e : entries) {
            float[] data = new float[(int) e.elements];
            readFloats(channel, dataStart + e.begin, data);
            tensors.put(e.name, new Tensor(e.name, e.shape, data));
        }
        return new Contents(
                Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    private static void readMetadata(String source, JsonNode node, Map<String, String> metadata) {
        if (!node.isObject()) {
            throw invalid(source, METADATA_KEY + " is not a JSON object");
        }
        for (Map.Entry<String, JsonNode> m : node.properties()) {
            if (!m.getValue().isTextual()) {
                throw invalid(
                        source, METADATA_KEY + " value of '" + m.getKey() + "' is not a string");
            }
            metadata.put(m.getKey(), m.getValue().asText());
        }
    }

    private static Entry entry(String source, String name, JsonNode node) {
        if (!node.isObject()) {
            throw invalid(source, "the header entry of tensor '" + name + "' is not an object");
        }
        JsonNode dtype = node.get("dtype");
        if (dtype == null || !dtype.isTextual()) {
            throw invalid(source, "tensor '" + name + "' has no dtype");
        }
        if (!F32.equals(dtype.asText())) {
            throw invalid(
                    source,
                    "tensor '"
                            + name
                            + "' has dtype "
                            + dtype.asText()
                            + ", only F32 is supported (convert it to float32 before saving)");
        }
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw invalid(source, "tensor '" + name + "' has no shape array");
        }
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dim = shapeNode.get(i);
            if (!dim.canConvertToInt() || !dim.isIntegralNumber() || dim.asInt() < 0) {
                throw invalid(source, "tensor '" + name + "' has an invalid shape " + shapeNode);
            }
            shape[i] = dim.asInt();
        }
        JsonNode offsets = node.get("data_offsets");
        if (offsets == null
                || !offsets.isArray()
                || offsets.size() != 2
                || !offsets.get(0).canConvertToLong()
                || !offsets.get(1).canConvertToLong()
                || !offsets.get(0).isIntegralNumber()
                || !offsets.get(1).isIntegralNumber()) {
            throw invalid(source, "tensor '" + name + "' has no valid data_offsets [begin, end]");
        }
        long elements;
        try {
            elements = Tensor.elementCount(name, shape);
        } catch (IllegalArgumentException e) {
            throw invalid(source, e.getMessage());
        }
        return new Entry(name, shape, elements, offsets.get(0).asLong(), offsets.get(1).asLong());
    }

    /** Offsets must tile the data section exactly: in bounds, contiguous, no overlap. */
    private static void validateLayout(String source, List<Entry> entries, long dataSize) {
        for (Entry e : entries) {
            if (e.begin < 0 || e.end < e.begin) {
                throw invalid(
                        source,
                        "tensor '"
                                + e.name
                                + "' has invalid data_offsets ["
                                + e.begin
                                + ", "
                                + e.end
                                + "]");
            }
            if (e.end > dataSize) {
                throw invalid(
                        source,
                        "tensor '"
                                + e.name
                                + "' ends at byte "
                                + e.end
                                + " but the data section has only "
                                + dataSize
                                + " bytes (truncated file?)");
            }
            if (e.end - e.begin != e.elements * Float.BYTES) {
                throw invalid(
                        source,
                        "tensor '"
                                + e.name
                                + "' of shape "
                                + Arrays.toString(e.shape)
                                + " needs "
                                + e.elements * Float.BYTES
                                + " bytes but its data_offsets span "
                                + (e.end - e.begin));
            }
        }
        entries.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
        long expected = 0;
        String previous = null;
        for (Entry e : entries) {
            if (e.begin < expected) {
                throw invalid(source, "tensors '" + previous + "' and '" + e.name + "' overlap");
            }
            if (e.begin > expected) {
                throw invalid(
                        source,
                        "there is a gap of "
                                + (e.begin - expected)
                                + " bytes before tensor '"
                                + e.name
                                + "'");
            }
            expected = e.end;
            previous = e.name;
        }
        if (expected != dataSize) {
            throw invalid(
                    source,
                    "its tensors cover "
                            + expected
                            + " bytes but the data section has "
                            + dataSize
                            + " (trailing garbage?)");
        }
    }

    private static ByteBuffer readBuffer(FileChannel channel, long position, int length)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, position, buffer);
        buffer.flip();
        return buffer;
    }

    private static void readFloats(FileChannel channel, long position, float[] target)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < target.length) {
            int n = Math.min(target.length - done, CHUNK_BYTES / Float.BYTES);
            buffer.clear().limit(n * Float.BYTES);
            readFully(channel, position + (long) done * Float.BYTES, buffer);
            buffer.flip();
            buffer.asFloatBuffer().get(target, done, n);
            done += n;
        }
    }

    private static void readFully(FileChannel channel, long position, ByteBuffer buffer)
            throws IOException {
        long pos = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }

    private static BundleException invalid(String source, String problem) {
        return new BundleException("invalid safetensors file " + source + ": " + problem);
    }

    /** One tensor's header entry. */
    private static final class Entry {
        final String name;
        final int[] shape;
        final long elements;
        final long begin;
        final long end;

        Entry(String name, int[] shape, long elements, long begin, long end) {
            this.name = name;
            this.shape = shape;
            this.elements = elements;
            this.begin = begin;
            this.end = end;
        }
    }
}
