package org.dynmm.rec.models.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the {@link Verifier} found in a rationale: how many claims (items, attribute values,
 * numbers) it states, how many the evidence supports, and the ones it does not. A Flink POJO.
 */
public class Verification {
    /** Claims stated. */
    public int claims;

    /** Claims the evidence supports. */
    public int supported;

    /** The unsupported claims, each as {@code kind:text}, e.g. {@code number:37%}. */
    public List<String> unsupported = new ArrayList<>();

    /** True when every stated claim is supported (vacuously for a text with no claims). */
    public boolean passed;

    public Verification() {}

    public Verification(int claims, int supported, List<String> unsupported) {
        this.claims = claims;
        this.supported = supported;
        this.unsupported = new ArrayList<>(unsupported);
        this.passed = supported == claims;
    }

    /** Supported over stated claims; 1 when nothing is claimed. */
    public double precision() {
        return claims == 0 ? 1.0 : supported / (double) claims;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Verification)) {
            return false;
        }
        Verification that = (Verification) o;
        return claims == that.claims
                && supported == that.supported
                && passed == that.passed
                && Objects.equals(unsupported, that.unsupported);
    }

    @Override
    public int hashCode() {
        return Objects.hash(claims, supported, passed, unsupported);
    }

    @Override
    public String toString() {
        return "Verification{"
                + supported
                + "/"
                + claims
                + (passed ? "" : ", unsupported=" + unsupported)
                + '}';
    }
}
