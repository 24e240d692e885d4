package org.dynmm.rec.models.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code manifest.json} of a model bundle: what the bundle is (versions, dimensions,
 * modalities), where it came from (training data, losses, metrics, hyper-parameters) and what it
 * holds (file checksums and tensor shapes, filled in by {@link ModelBundles#write}).
 *
 * <p>A Jackson POJO with public fields. Unknown properties are ignored so that a newer trainer may
 * add informational fields without breaking older jobs; incompatible changes bump {@link
 * #formatVersion}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
    "formatVersion",
    "modelVersion",
    "createdAt",
    "codeVersion",
    "dimensions",
    "modalities",
    "trainingData",
    "losses",
    "metrics",
    "hyperParameters",
    "files",
    "tensors"
})
public class BundleManifest {

    /** The bundle layout this code writes and reads. */
    public static final int CURRENT_FORMAT_VERSION = 1;

    public int formatVersion = CURRENT_FORMAT_VERSION;

    /** Unique version of the trained model, e.g. {@code base-20261125-ab12cd}; shown in outputs. */
    public String modelVersion;

    /** ISO-8601 instant the bundle was created, e.g. {@code 2026-11-25T10:15:30Z}. */
    public String createdAt;

    /** Version (e.g. git commit) of the code that trained the model. */
    public String codeVersion;

    /**
     * Named sizes, e.g. {@code joint=64, cf=64, text=384}, optionally {@code visual}, {@code
     * audio}.
     */
    public Map<String, Integer> dimensions = new TreeMap<>();

    /** Modalities the model was trained with, e.g. {@code [cf, text]}. */
    public List<String> modalities = new ArrayList<>();

    public TrainingData trainingData = new TrainingData();

    /** Final training loss values by name. */
    public Map<String, Double> losses = new TreeMap<>();

    /** Validation metrics by name, e.g. {@code HR@10}. */
    public Map<String, Double> metrics = new TreeMap<>();

    /** Hyper-parameters by name; values are JSON scalars (numbers, strings, booleans). */
    public Map<String, Object> hyperParameters = new TreeMap<>();

    /** Data file name to lower-case hex sha256; written by {@link ModelBundles#write}. */
    public Map<String, String> files = new TreeMap<>();

    /** Tensor name to shape; written by {@link ModelBundles#write}. */
    public Map<String, List<Integer>> tensors = new TreeMap<>();

    /** The dimension named {@code name}, or a {@link BundleException} saying it is missing. */
    public int requireDimension(String name) {
        Integer value = dimensions == null ? null : dimensions.get(name);
        if (value == null) {
            throw new BundleException(
                    "bundle "
                            + modelVersion
                            + " declares no dimension '"
                            + name
                            + "' (declared: "
                            + (dimensions == null ? "none" : dimensions.keySet())
                            + ")");
        }
        return value;
    }

    /** The slice of data the model was trained on. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class TrainingData {
        /** Dataset name, e.g. {@code movielens-latest-small}. */
        public String dataset;

        /** Time of the first and last event of the dataset, epoch milliseconds. */
        public long firstTs;

        public long lastTs;

        /** Training used events strictly before this time, epoch milliseconds. */
        public long cutoffTs;

        /** Number of training events, distinct users and distinct items. */
        public long events;

        public long users;
        public long items;
    }
}
