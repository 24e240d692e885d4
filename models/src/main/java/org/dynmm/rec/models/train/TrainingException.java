package org.dynmm.rec.models.train;

/**
 * The frozen base cannot be trained: the dataset is too small, a setting cannot work with it, the
 * requested device is missing, or training diverged. The message says which and what to change. (A
 * dataset that cannot be read is a {@link org.dynmm.rec.models.data.DatasetFormatException}.)
 */
public class TrainingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
