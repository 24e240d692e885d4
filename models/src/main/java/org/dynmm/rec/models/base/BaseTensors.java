package org.dynmm.rec.models.base;

/**
 * Names of the tensors and manifest entries of a frozen-base bundle, shared by the trainer (which
 * writes them) and {@link BaseModel} (which reads them). Matrices are stored {@code [in, out]} and
 * applied as {@code y = x W + b}; d = joint size, c = CF size, t = text size (384), H = hidden size
 * of an MLP, L = history length, N = items.
 *
 * <table>
 *   <caption>Tensors</caption>
 *   <tr><th>name</th><th>shape</th><th>meaning</th></tr>
 *   <tr><td>{@code item.cf}</td><td>[N, c]</td><td>CF embedding {@code e_cf}; zero rows for cold
 *       items</td></tr>
 *   <tr><td>{@code item.text}</td><td>[N, t]</td><td>text embedding {@code e_txt} of
 *       {@code ItemText.describe}; zero rows for items without content</td></tr>
 *   <tr><td>{@code item.z}</td><td>[N, d]</td><td>{@code z_base}: {@code f_I(e_cf)} for warm
 *       items, {@code f_T(e_txt)} for cold ones</td></tr>
 *   <tr><td>{@code item.warm}</td><td>[N]</td><td>1 when the item had an interaction before the
 *       cutoff, else 0</td></tr>
 *   <tr><td>{@code f_I.w1, f_I.b1, f_I.w2, f_I.b2}</td><td>[c, H], [H], [H, d], [d]</td><td>item
 *       encoder {@code relu(x w1 + b1) w2 + b2}</td></tr>
 *   <tr><td>{@code f_T.*}</td><td>[t, H], [H], [H, d], [d]</td><td>text encoder</td></tr>
 *   <tr><td>{@code f_V.*}</td><td>[v, H], [H], [H, d], [d]</td><td>visual projection head; only
 *       when the manifest declares dimension {@code visual} = v</td></tr>
 *   <tr><td>{@code f_A.*}</td><td>[a, H], [H], [H, d], [d]</td><td>audio projection head; only
 *       when the manifest declares dimension {@code audio} = a</td></tr>
 *   <tr><td>{@code fusion.visual}, {@code fusion.audio}</td><td>[1] each</td><td>fusion weight
 *       logit {@code a_m} of the visual / audio head: the head's latent enters an item's fused
 *       content latent with weight {@code softplus(a_m)}, text with the fixed weight 1 (see {@link
 *       ContentFusion}); optional: absent (bundles from before the learned weights), the weight is
 *       1, the plain mean</td></tr>
 *   <tr><td>{@code dec_I.*}</td><td>[d, H], [H], [H, c], [c]</td><td>item decoder (training
 *       only)</td></tr>
 *   <tr><td>{@code dec_T.*}</td><td>[d, H], [H], [H, t], [t]</td><td>text decoder (training
 *       only)</td></tr>
 *   <tr><th colspan="3">user encoder, variant {@code attention} (attention pooling)</th></tr>
 *   <tr><td>{@code user.wk}</td><td>[d, d]</td><td>key projection: {@code a_k = q . tanh(z_k wk)
 *       + pos[k]}</td></tr>
 *   <tr><td>{@code user.q}</td><td>[d]</td><td>attention query</td></tr>
 *   <tr><td>{@code user.pos}</td><td>[L]</td><td>position bias</td></tr>
 *   <tr><td>{@code user.wo, user.bo}</td><td>[d, d], [d]</td><td>output: {@code h = (sum_k
 *       softmax(a)_k z_k) wo + bo}; with no history {@code h = bo}</td></tr>
 *   <tr><th colspan="3">user encoder, variant {@code self-attention} (one SASRec block)</th></tr>
 *   <tr><td>{@code user.pos}</td><td>[L, d]</td><td>learned positions, added to the z</td></tr>
 *   <tr><td>{@code user.wq, user.wk, user.wv}</td><td>[d, d] each</td><td>single-head
 *       attention</td></tr>
 *   <tr><td>{@code user.ln1.gamma, user.ln1.beta}</td><td>[d], [d]</td><td>layer norm after the
 *       attention residual</td></tr>
 *   <tr><td>{@code user.ffn.w1, user.ffn.b1, user.ffn.w2, user.ffn.b2}</td><td>[d, d], [d], [d,
 *       d], [d]</td><td>position-wise feed-forward</td></tr>
 *   <tr><td>{@code user.ln2.gamma, user.ln2.beta}</td><td>[d], [d]</td><td>layer norm after the
 *       feed-forward residual</td></tr>
 *   <tr><td>{@code user.empty}</td><td>[d]</td><td>user latent for an empty history</td></tr>
 *   <tr><th colspan="3">soft-token projectors (A-LLMRec stage 2), optional: only when the
 *       manifest declares dimension {@code llm} = m (see {@link SoftTokenProjectors})</th></tr>
 *   <tr><td>{@code soft.F_U.w1, .b1, .w2, .b2}</td><td>[d, H], [H], [H, m], [m]</td><td>user
 *       projector {@code F_U(h_u)} into the LLM's token-embedding space</td></tr>
 *   <tr><td>{@code soft.F_I.w1, .b1, .w2, .b2}</td><td>[d, H], [H], [H, m], [m]</td><td>item
 *       projector {@code F_I(z_i)}</td></tr>
 * </table>
 *
 * <p>Positions are aligned on recency: a history of n ≤ L items occupies slots {@code L-n .. L-1},
 * the most recent item in slot {@code L-1} (left padding), so a shorter history at serving time
 * sees the same position parameters for its recent items as in training.
 */
public final class BaseTensors {
    private BaseTensors() {}

    public static final String ITEM_CF = "item.cf";
    public static final String ITEM_TEXT = "item.text";
    public static final String ITEM_Z = "item.z";
    public static final String ITEM_WARM = "item.warm";

    public static final String F_I = "f_I";
    public static final String F_T = "f_T";
    public static final String F_V = "f_V";
    public static final String F_A = "f_A";
    public static final String DEC_I = "dec_I";

    /** Fusion weight logits of the visual / audio head (optional; see {@link ContentFusion}). */
    public static final String FUSION_VISUAL = "fusion.visual";

    public static final String FUSION_AUDIO = "fusion.audio";

    /**
     * The logit whose fusion weight is exactly the text's, {@code ln(e - 1)}: {@code softplus} of
     * it is 1, so a freshly initialized head starts from the plain mean.
     */
    public static final float UNIT_FUSION_LOGIT = (float) Math.log(Math.E - 1);

    public static final String DEC_T = "dec_T";

    /** Soft-token projectors (optional); not the stage-1 item encoder {@link #F_I}. */
    public static final String SOFT_F_U = "soft.F_U";

    public static final String SOFT_F_I = "soft.F_I";

    /** Optional dimension: the LLM token-embedding size the soft-token projectors map into. */
    public static final String DIM_LLM = "llm";

    /**
     * Manifest hyper-parameter describing the target space the projectors were fit to, e.g. the LLM
     * whose input embeddings gave the targets, or a stand-in.
     */
    public static final String HP_SOFT_TOKEN_TARGET = "softTokenTarget";

    public static final String USER_WK = "user.wk";
    public static final String USER_Q = "user.q";
    public static final String USER_POS = "user.pos";
    public static final String USER_WO = "user.wo";
    public static final String USER_BO = "user.bo";

    public static final String USER_WQ = "user.wq";
    public static final String USER_WV = "user.wv";
    public static final String USER_LN1_GAMMA = "user.ln1.gamma";
    public static final String USER_LN1_BETA = "user.ln1.beta";
    public static final String USER_FFN_W1 = "user.ffn.w1";
    public static final String USER_FFN_B1 = "user.ffn.b1";
    public static final String USER_FFN_W2 = "user.ffn.w2";
    public static final String USER_FFN_B2 = "user.ffn.b2";
    public static final String USER_LN2_GAMMA = "user.ln2.gamma";
    public static final String USER_LN2_BETA = "user.ln2.beta";
    public static final String USER_EMPTY = "user.empty";

    /** Manifest dimension names. */
    public static final String DIM_JOINT = "joint";

    public static final String DIM_CF = "cf";
    public static final String DIM_TEXT = "text";
    public static final String DIM_HISTORY = "history";
    public static final String DIM_HIDDEN = "hidden";

    /** Optional dimensions: present when the bundle has the visual / audio projection head. */
    public static final String DIM_VISUAL = "visual";

    public static final String DIM_AUDIO = "audio";

    /** Manifest hyper-parameter naming the user encoder variant ({@link UserEncoderType#id()}). */
    public static final String HP_ENCODER = "encoder";

    /** Manifest hyper-parameter holding the cutoff fraction the bundle was trained with. */
    public static final String HP_CUTOFF_FRACTION = "cutoffFraction";

    /** Manifest hyper-parameter naming the text embedder ({@code TextEmbedder.modelId()}). */
    public static final String HP_TEXT_MODEL = "textModel";

    /**
     * Manifest hyper-parameter: factor on {@code f_T} latents of text-path (cold) items, chosen on
     * the validation split so they rank on the warm items' scale; {@code item.z} of cold rows
     * already includes it. Absent: 1.
     */
    public static final String HP_TEXT_SCALE = "textScale";

    /**
     * Manifest hyper-parameter: factor {@code c >= 0} on every visual / audio fusion weight,
     * calibrated on the validation split ({@link ContentFusion}); 0 ignores those modalities.
     * Optional: absent, the factor is 1.
     */
    public static final String HP_FUSION_SCALE = "fusionScale";

    /**
     * Manifest hyper-parameter {@code modality.<name>.off}: true when the trainer's modality check
     * found no signal in modality {@code name} (visual or audio) on held-out items and switched it
     * off: its fusion weight is 0, so the fused content latent is the text path's alone for every
     * item. Optional: absent or false, the modality is on.
     */
    public static String modalityOffKey(String modality) {
        return "modality." + modality + ".off";
    }

    /**
     * Manifest hyper-parameter: weight {@code w} of the popularity prior {@code w log(1 + p_i(t))}
     * added to the scores of items with a CF latent (see {@link PopularityPrior}). Absent: 0.
     */
    public static final String HP_POPULARITY_WEIGHT = "popularityWeight";

    /**
     * Manifest hyper-parameter: weight of the popularity prior for text-path (cold) items, those
     * without a CF latent. Absent: 0.
     */
    public static final String HP_POPULARITY_COLD_WEIGHT = "popularityColdWeight";

    /**
     * Manifest hyper-parameter: half-life in milliseconds of the decayed popularity {@code p_i(t)}
     * the prior was calibrated with; 0 means plain counts. Required when a prior weight is set.
     */
    public static final String HP_POPULARITY_HALF_LIFE_MILLIS = "popularityHalfLifeMillis";

    /** Epsilon of both layer norms (the trainer uses the same constant). */
    public static final float LAYER_NORM_EPS = 1e-5f;

    /**
     * The fusion weight of logit {@code a}, {@code softplus(a) = ln(1 + e^a)}, computed without
     * overflow; the trainer uses the same function.
     */
    public static float fusionWeight(float a) {
        return (float) (a > 20f ? a : Math.log1p(Math.exp(a)));
    }

    /** The four tensor names of MLP {@code prefix}: w1, b1, w2, b2. */
    public static String[] mlp(String prefix) {
        return new String[] {prefix + ".w1", prefix + ".b1", prefix + ".w2", prefix + ".b2"};
    }
}
