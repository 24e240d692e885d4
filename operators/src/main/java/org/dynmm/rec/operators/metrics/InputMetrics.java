package org.dynmm.rec.operators.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;

/**
 * What each input-splitting operator reports: records in and their rate, valid records, and dead
 * letters with their rate. The dead-letter counter keeps its historical name {@code deadLetters}.
 */
public final class InputMetrics {
    public static final String RECORDS_IN = "recordsParsed";
    public static final String RECORDS_RATE = "recordsParsedPerSecond";
    public static final String VALID = "recordsValid";
    public static final String DEAD_LETTERS = "deadLetters";
    public static final String DEAD_LETTERS_RATE = "deadLettersPerSecond";

    private final Counter in;
    private final Counter valid;
    private final Counter deadLetters;
    private final Meter rate;

    private InputMetrics(Counter in, Counter valid, Counter deadLetters, Meter rate) {
        this.in = in;
        this.valid = valid;
        this.deadLetters = deadLetters;
        this.rate = rate;
    }

    public static InputMetrics register(MetricGroup group) {
        Counter in = group.counter(RECORDS_IN);
        Meter rate = group.meter(RECORDS_RATE, new MeterView(in));
        return new InputMetrics(in, group.counter(VALID), registerDeadLetters(group), rate);
    }

    /**
     * The dead-letter counter and its rate, for any operator that makes dead letters (parsers, and
     * the user operator for late and duplicate events), so that the sum of {@code deadLetters} over
     * a job's operators is the number of records on the dead-letter topic.
     */
    public static Counter registerDeadLetters(MetricGroup group) {
        Counter deadLetters = group.counter(DEAD_LETTERS);
        group.meter(DEAD_LETTERS_RATE, new MeterView(deadLetters));
        return deadLetters;
    }

    public void valid() {
        in.inc();
        valid.inc();
    }

    public void deadLetter() {
        in.inc();
        deadLetters.inc();
    }

    /** Records per second over the meter's window (updated by Flink's metric view updater). */
    public double rate() {
        return rate.getRate();
    }
}
