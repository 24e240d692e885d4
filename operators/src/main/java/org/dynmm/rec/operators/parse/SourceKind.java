package org.dynmm.rec.operators.parse;

/** The two input streams, with their logical source names and parsers. */
public enum SourceKind {
    INTERACTIONS("interactions"),
    ITEMS("items");

    private final String sourceName;

    SourceKind(String sourceName) {
        this.sourceName = sourceName;
    }

    /** The name dead letters carry in their {@code source} field. */
    public String sourceName() {
        return sourceName;
    }

    /** A new parser for this kind of record. */
    public RecordParser newParser(InputValidationConfig config) {
        return this == INTERACTIONS ? new InteractionParser(config) : new ItemParser(config);
    }
}
