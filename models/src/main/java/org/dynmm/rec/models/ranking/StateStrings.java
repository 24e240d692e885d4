package org.dynmm.rec.models.ranking;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Strings in the binary state formats: a length-prefixed UTF-8 byte array, -1 for null. Unlike
 * {@link DataOutput#writeUTF} it has no 64 KiB limit, so a long title cannot break a snapshot.
 */
final class StateStrings {
    private StateStrings() {}

    static void write(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String read(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Reads a format version and fails clearly on one this code does not know. */
    static int readVersion(DataInput in, String what, int supported) throws IOException {
        int version = in.readInt();
        if (version < 1 || version > supported) {
            throw new IOException(
                    what
                            + ": unsupported state format version "
                            + version
                            + " (this build reads up to "
                            + supported
                            + ")");
        }
        return version;
    }
}
