package org.dynmm.rec.operators.parse;

/** The input streams, with their logical source names and parsers. */
public enum SourceKind {
    INTERACTIONS("interactions"),
    ITEMS("items"),
    /** Optional control records (forget a user). */
    CONTROL("control");

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
        switch (this) {
            case INTERACTIONS:
                return new InteractionParser(config);
            case ITEMS:
                return new ItemParser(config);
            default:
                return new ControlParser(config);
        }
    }
}
