package org.dynmm.rec.operators.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The metrics every ranker reports, under the same names whichever ranker runs: how many requests
 * each scoring call took (1 for the per-request rankers), how long it took, and recommendations per
 * second. Histograms keep a sliding window of the latest {@link #WINDOW} calls.
 */
public final class RankerMetrics {
    public static final String BATCH_SIZE = "rankingBatchSize";
    public static final String SCORING_LATENCY_MICROS = "scoringLatencyMicros";
    public static final String RECOMMENDATIONS_RATE = "recommendationsPerSecond";

    /** Scoring calls the histograms summarize (quantiles over this window). */
    public static final int WINDOW = 1024;

    private final Histogram batchSize;
    private final Histogram latencyMicros;

    private RankerMetrics(Histogram batchSize, Histogram latencyMicros) {
        this.batchSize = batchSize;
        this.latencyMicros = latencyMicros;
    }

    /** Registers the histograms, and a per-second rate of {@code emitted}, on {@code group}. */
    public static RankerMetrics register(MetricGroup group, Counter emitted) {
        group.meter(RECOMMENDATIONS_RATE, new MeterView(emitted));
        return new RankerMetrics(
                group.histogram(BATCH_SIZE, new DescriptiveStatisticsHistogram(WINDOW)),
                group.histogram(
                        SCORING_LATENCY_MICROS, new DescriptiveStatisticsHistogram(WINDOW)));
    }

    /** Records one scoring call of {@code requests} requests that took {@code nanos}. */
    public void scored(int requests, long nanos) {
        batchSize.update(requests);
        latencyMicros.update(nanos / 1_000);
    }
}
