package org.dynmm.rec.models.train;

import java.util.Locale;

/** Where training runs. */
public enum DeviceChoice {
    CPU,
    GPU,
    /** The first GPU when PyTorch sees one, else the CPU. */
    AUTO;

    /** {@code cpu}, {@code gpu} or {@code auto}, any case. */
    public static DeviceChoice parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown device '" + value + "' (expected cpu, gpu or auto)", e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
