package org.dynmm.rec.models.llm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Writes a float32 matrix in the file format of PyTorch's {@code torch.save} (the zip layout,
 * serialization version 3), as vLLM's {@code prompt_embeds} expects it once base64-decoded: it
 * reads the bytes with {@code torch.load(..., weights_only=True)}. Only what that needs is written:
 * a protocol-2 pickle ({@code data.pkl}) that rebuilds one tensor through {@code
 * torch._utils._rebuild_tensor_v2} from persistent storage {@code 0} ({@code torch.FloatStorage} on
 * {@code cpu}), the raw little-endian storage ({@code data/0}), {@code byteorder} and {@code
 * version}; records are stored uncompressed and aligned to 64 bytes, as PyTorch writes them.
 */
public final class TorchTensors {
    /** Name of the archive's top directory (PyTorch takes any; it names it after the file). */
    static final String ARCHIVE = "archive";

    private static final int ALIGNMENT = 64;

    private TorchTensors() {}

    /**
     * The {@code torch.save} bytes of a contiguous float32 tensor of shape {@code [rows, cols]}.
     */
    public static byte[] save(float[] data, int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException(
                    "shape [" + rows + ", " + cols + "] does not hold " + data.length + " values");
        }
        ByteBuffer storage = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        storage.asFloatBuffer().put(data);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length * 4 + 1024);
        Counting counting = new Counting(bytes);
        try (ZipOutputStream zip = new ZipOutputStream(counting)) {
            zip.setMethod(ZipOutputStream.STORED);
            store(zip, counting, ARCHIVE + "/data.pkl", pickle(rows, cols));
            store(zip, counting, ARCHIVE + "/byteorder", ascii("little"));
            store(zip, counting, ARCHIVE + "/data/0", storage.array());
            store(zip, counting, ARCHIVE + "/version", ascii("3\n"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write to memory", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The pickle of {@code _rebuild_tensor_v2(storage 0, 0, (rows, cols), (cols, 1), False,
     * OrderedDict())}.
     */
    static byte[] pickle(int rows, int cols) {
        Pickle p = new Pickle();
        p.op(0x80).op(2); // PROTO 2
        p.global("torch._utils", "_rebuild_tensor_v2");
        p.op('('); // MARK: the arguments
        p.op('('); // MARK: the persistent id
        p.unicode("storage").global("torch", "FloatStorage").unicode("0").unicode("cpu");
        p.binInt(rows * cols);
        p.op('t').op('Q'); // TUPLE, BINPERSID
        p.binInt(0); // storage offset
        p.op('(').binInt(rows).binInt(cols).op('t'); // size
        p.op('(').binInt(cols).binInt(1).op('t'); // stride
        p.op(0x89); // NEWFALSE: requires_grad
        p.global("collections", "OrderedDict").op(')').op('R'); // backward hooks
        p.op('t').op('R').op('.'); // TUPLE, REDUCE, STOP
        return p.out.toByteArray();
    }

    /** A float32 matrix read back by {@link #read}. */
    public record Matrix(int rows, int cols, float[] data) {}

    /**
     * Reads bytes in the layout {@link #save} writes (not any {@code torch.save} file: only a
     * single contiguous float32 2-D tensor with this pickle); for tests and protocol-test servers.
     */
    public static Matrix read(byte[] bytes) {
        byte[] pickle = null;
        byte[] storage = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.getName().endsWith("/data.pkl")) {
                    pickle = zip.readAllBytes();
                } else if (e.getName().endsWith("/data/0")) {
                    storage = zip.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a torch.save zip: " + e.getMessage(), e);
        }
        if (pickle == null || storage == null) {
            throw new IllegalArgumentException("no data.pkl or data/0 record");
        }
        List<Integer> ints = new ArrayList<>();
        ByteBuffer p = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
        while (p.hasRemaining()) {
            int op = p.get() & 0xff;
            switch (op) {
                case 0x80 -> p.get();
                case 'c' -> {
                    int newlines = 0;
                    while (newlines < 2) {
                        newlines += p.get() == '\n' ? 1 : 0;
                    }
                }
                case 'X' -> {
                    int length = p.getInt();
                    p.position(p.position() + length);
                }
                case 'J' -> ints.add(p.getInt());
                case '(', 't', 'Q', ')', 'R', 0x89, '.' -> {}
                default -> throw new IllegalArgumentException("unexpected pickle opcode " + op);
            }
        }
        // numel, storage offset, rows, cols, stride 0, stride 1
        if (ints.size() != 6 || ints.get(0) != ints.get(2) * ints.get(3)) {
            throw new IllegalArgumentException("unexpected tensor pickle: " + ints);
        }
        int rows = ints.get(2);
        int cols = ints.get(3);
        if (storage.length != rows * cols * 4) {
            throw new IllegalArgumentException(
                    "storage holds " + storage.length + " bytes for " + rows + "x" + cols);
        }
        float[] data = new float[rows * cols];
        ByteBuffer.wrap(storage).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return new Matrix(rows, cols, data);
    }

    private static void store(ZipOutputStream zip, Counting counting, String name, byte[] content)
            throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        // Local header: 30 fixed bytes, the name, then the extra field that pads the data start
        // to the alignment (an extra field is a 2-byte id, a 2-byte size and the padding).
        long dataStart = counting.count + 30 + nameBytes.length + 4;
        int padding = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
        byte[] extra = new byte[4 + padding];
        extra[0] = 'F';
        extra[1] = 'B';
        extra[2] = (byte) padding;
        extra[3] = (byte) (padding >>> 8);
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        entry.setTime(315532800000L + 86_400_000L); // fixed, so equal tensors give equal bytes
        entry.setExtra(extra);
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Counts the bytes written through it. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** A few pickle opcodes, enough for one tensor. */
    private static final class Pickle {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        Pickle op(int code) {
            out.write(code);
            return this;
        }

        Pickle global(String module, String name) {
            op('c');
            byte[] b = (module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII);
            out.write(b, 0, b.length);
            return this;
        }

        Pickle unicode(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            int32(b.length);
            out.write(b, 0, b.length);
            return this;
        }

        Pickle binInt(int v) {
            op('J');
            return int32(v);
        }

        private Pickle int32(int v) {
            out.write(v);
            out.write(v >>> 8);
            out.write(v >>> 16);
            out.write(v >>> 24);
            return this;
        }
    }
}
