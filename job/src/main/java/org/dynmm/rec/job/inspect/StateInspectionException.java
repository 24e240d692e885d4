package org.dynmm.rec.job.inspect;

/** A savepoint that cannot be inspected, with a message fit for one line on a terminal. */
public final class StateInspectionException extends Exception {
    private static final long serialVersionUID = 1L;

    public StateInspectionException(String message) {
        super(message);
    }
}
