package org.dynmm.rec.operators.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.dynmm.rec.models.explain.Evidence;
import org.dynmm.rec.models.explain.Explanation;
import org.dynmm.rec.models.explain.Verification;
import org.dynmm.rec.operators.parse.JsonCodec;
import org.junit.jupiter.api.Test;

class RecommendationTypesTest {

    static Recommendation explainedRecommendation() {
        Recommendation rec = new Recommendation();
        rec.user = "u1";
        rec.ts = 42;
        rec.trigger = "interaction";
        rec.triggerItem = "i9";
        rec.modelVersion = "baseline-cooccurrence-cosine";
        List<Evidence> evidence =
                List.of(
                        Evidence.historyContribution("i9", "Heat (1995)", 0.75),
                        Evidence.coInteraction("i9", "Heat (1995)", 3, 20),
                        Evidence.sharedAttribute("genres", "Crime", 2, 3, "i9", "Heat (1995)"));
        rec.items.add(
                new RecommendedItem(1, "i3", "Ronin (1998)", 0.5)
                        .explained(
                                new Explanation(
                                        "\u201cHeat (1995)\u201d gives 75% of its score.",
                                        Explanation.REALIZER,
                                        evidence,
                                        new Verification(2, 2, List.of()))));
        rec.items.add(new RecommendedItem(2, "i4", null, 0.25)); // not explained
        return rec;
    }

    @Test
    void recommendationsSerializeWithoutGenericTypes() throws Exception {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false); // as the job: a Kryo fallback would throw here
        TypeSerializer<Recommendation> serializer =
                RecordTypes.RECOMMENDATION.createSerializer(config);
        Recommendation rec = explainedRecommendation();

        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(rec, out);
        Recommendation read =
                serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(read).isEqualTo(rec);
        assertThat(read.items.get(0).evidence).hasSize(3);
        assertThat(read.items.get(0).verification.passed).isTrue();
        assertThat(serializer.copy(rec)).isEqualTo(rec);
    }

    @Test
    void jsonCarriesRationaleEvidenceAndVerification() throws Exception {
        Recommendation rec = explainedRecommendation();
        String json = new String(JsonCodec.toJson(rec), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(json)
                .contains("\"rationale\":\"\u201cHeat (1995)\u201d gives 75% of its score.\"")
                .contains("\"rationaleSource\":\"realizer\"")
                .contains(
                        "{\"kind\":\"CO_INTERACTION\",\"historyItem\":\"i9\",\"historyTitle\":\"Heat (1995)\",\"count\":3,\"window\":20}")
                .contains(
                        "\"verification\":{\"claims\":2,\"supported\":2,\"unsupported\":[],\"passed\":true}");
        assertThat(
                        JsonCodec.fromJson(
                                json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                Recommendation.class))
                .isEqualTo(rec);
    }
}
