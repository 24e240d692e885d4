package org.dynmm.rec.operators.parse;

import org.dynmm.rec.operators.records.DeadLetterReason;

/** Signals a validation failure inside a parser; never escapes the parser. */
final class Rejection extends Exception {
    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    Rejection(DeadLetterReason reason, String message) {
        // No stack trace: rejections are expected input, not bugs, and may be frequent.
        super(message, null, false, false);
        this.reason = reason;
    }

    DeadLetterReason reason() {
        return reason;
    }
}
