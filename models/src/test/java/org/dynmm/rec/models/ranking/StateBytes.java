package org.dynmm.rec.models.ranking;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;

/** Test helper: state objects to bytes and back. */
final class StateBytes {
    interface Writer {
        void writeTo(DataOutput out) throws IOException;
    }

    private StateBytes() {}

    static byte[] of(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writer.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    static DataInput in(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
