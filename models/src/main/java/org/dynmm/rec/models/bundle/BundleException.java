package org.dynmm.rec.models.bundle;

/**
 * A model bundle (or one of its files) cannot be written or read. The message says which file is at
 * fault and what to do about it, because it usually ends up in the log of a job that refuses to
 * start.
 */
public class BundleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
