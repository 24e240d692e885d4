package org.dynmm.rec.operators.records;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.explain.Evidence;
import org.dynmm.rec.models.explain.Verification;

/**
 * Type information for records whose fields Flink's extractor cannot type by itself. Flink types a
 * {@code Map<String, List<String>>} field as a generic (Kryo) type; the job disables generic types,
 * so the records that carry {@link ItemContent} get their POJO type spelled out here, with the
 * attributes field as a map of string lists; recommendations get theirs so that their nested lists
 * (items, evidence) are typed as lists of POJOs whatever the extractor would infer. Operators that
 * emit these records use these types.
 */
public final class RecordTypes {
    private RecordTypes() {}

    public static final TypeInformation<ItemContent> ITEM_CONTENT =
            pojo(
                    ItemContent.class,
                    Map.of("attributes", Types.MAP(Types.STRING, Types.LIST(Types.STRING))));

    public static final TypeInformation<SourceRecord> SOURCE_RECORD =
            pojo(SourceRecord.class, Map.of("item", ITEM_CONTENT));

    public static final TypeInformation<ItemUpdate> ITEM_UPDATE =
            pojo(ItemUpdate.class, Map.of("content", ITEM_CONTENT));

    public static final TypeInformation<Evidence> EVIDENCE =
            TypeExtractor.createTypeInfo(Evidence.class);

    public static final TypeInformation<Verification> VERIFICATION =
            pojo(Verification.class, Map.of("unsupported", Types.LIST(Types.STRING)));

    public static final TypeInformation<RecommendedItem> RECOMMENDED_ITEM =
            pojo(
                    RecommendedItem.class,
                    Map.of("evidence", Types.LIST(EVIDENCE), "verification", VERIFICATION));

    /** Recommendations, with the item list (and each item's evidence) typed as POJO lists. */
    public static final TypeInformation<Recommendation> RECOMMENDATION =
            pojo(
                    Recommendation.class,
                    Map.of(
                            "items",
                            Types.LIST(RECOMMENDED_ITEM),
                            "llmContext",
                            pojo(
                                    LlmContext.class,
                                    Map.of(
                                            "historyItems", Types.LIST(Types.STRING),
                                            "historyTitles", Types.LIST(Types.STRING),
                                            "attributeValues", Types.LIST(Types.STRING)))));

    /** The extractor's POJO type of {@code type}, with the named fields' types replaced. */
    private static <T> TypeInformation<T> pojo(
            Class<T> type, Map<String, TypeInformation<?>> fieldTypes) {
        PojoTypeInfo<T> extracted = (PojoTypeInfo<T>) TypeExtractor.createTypeInfo(type);
        List<PojoField> fields = new ArrayList<>();
        for (int i = 0; i < extracted.getArity(); i++) {
            PojoField field = extracted.getPojoFieldAt(i);
            TypeInformation<?> replacement = fieldTypes.get(field.getField().getName());
            fields.add(replacement == null ? field : new PojoField(field.getField(), replacement));
        }
        return new PojoTypeInfo<>(type, fields);
    }
}
