package org.dynmm.rec.operators.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** The operators' metric helpers register under stable names and record what they are given. */
class OperatorMetricsTest {
    /** A metric group that keeps what is registered on it, as a reporter would see it. */
    static final class CapturingGroup extends UnregisteredMetricsGroup {
        final Map<String, Metric> metrics = new HashMap<>();

        @Override
        public <C extends Counter> C counter(String name, C counter) {
            metrics.put(name, counter);
            return counter;
        }

        @Override
        public Counter counter(String name) {
            return counter(name, new SimpleCounter());
        }

        @Override
        public <H extends Histogram> H histogram(String name, H histogram) {
            metrics.put(name, histogram);
            return histogram;
        }

        @Override
        public <M extends Meter> M meter(String name, M meter) {
            metrics.put(name, meter);
            return meter;
        }
    }

    @Test
    void rankerMetricsRecordBatchSizesAndLatencies() {
        CapturingGroup group = new CapturingGroup();
        SimpleCounter emitted = new SimpleCounter();
        RankerMetrics metrics = RankerMetrics.register(group, emitted);
        metrics.scored(1, 2_000_000);
        metrics.scored(8, 6_000_000);

        Histogram sizes = (Histogram) group.metrics.get(RankerMetrics.BATCH_SIZE);
        Histogram latency = (Histogram) group.metrics.get(RankerMetrics.SCORING_LATENCY_MICROS);
        assertThat(sizes.getCount()).isEqualTo(2);
        assertThat(sizes.getStatistics().getMax()).isEqualTo(8);
        assertThat(sizes.getStatistics().getMin()).isEqualTo(1);
        assertThat(latency.getStatistics().getMean()).isEqualTo(4_000.0);
        assertThat(group.metrics).containsKey(RankerMetrics.RECOMMENDATIONS_RATE);
    }

    @Test
    void inputMetricsCountValidRecordsAndDeadLetters() {
        CapturingGroup group = new CapturingGroup();
        InputMetrics metrics = InputMetrics.register(group);
        metrics.valid();
        metrics.valid();
        metrics.deadLetter();
        Meter rate = (Meter) group.metrics.get(InputMetrics.RECORDS_RATE);
        assertThat(((Counter) group.metrics.get(InputMetrics.RECORDS_IN)).getCount()).isEqualTo(3);
        assertThat(((Counter) group.metrics.get(InputMetrics.VALID)).getCount()).isEqualTo(2);
        assertThat(((Counter) group.metrics.get(InputMetrics.DEAD_LETTERS)).getCount())
                .isEqualTo(1);
        assertThat(rate.getCount()).isEqualTo(3);
        assertThat(group.metrics).containsKey(InputMetrics.DEAD_LETTERS_RATE);
    }
}
