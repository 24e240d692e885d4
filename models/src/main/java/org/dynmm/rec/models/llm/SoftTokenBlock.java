package org.dynmm.rec.models.llm;

import java.util.List;
import java.util.Objects;

/**
 * One list's soft tokens: row 0 is {@code F_U(h_u)} of the user, rows 1..k are {@code F_I(z_i)} of
 * the candidates in list order; {@code rows} is row-major {@code [1 + k, dim]}.
 *
 * @param user the list's user
 * @param items the candidates' ids, in the order of rows 1..k
 * @param dim m, the LLM token-embedding size
 * @param rows the vectors, {@code (1 + items.size()) * dim} values
 */
public record SoftTokenBlock(String user, List<String> items, int dim, float[] rows) {
    public SoftTokenBlock {
        Objects.requireNonNull(user, "user");
        items = List.copyOf(items);
        if (dim <= 0 || rows.length != (long) (1 + items.size()) * dim) {
            throw new IllegalArgumentException(
                    "soft tokens of "
                            + (1 + items.size())
                            + " rows of "
                            + dim
                            + " values need "
                            + (1 + items.size()) * dim
                            + " values, got "
                            + rows.length);
        }
    }

    /** Number of soft tokens: the user's and one per candidate. */
    public int tokens() {
        return 1 + items.size();
    }

    /** Row {@code r} (0: the user), a copy. */
    public float[] row(int r) {
        float[] out = new float[dim];
        System.arraycopy(rows, r * dim, out, 0, dim);
        return out;
    }
}
