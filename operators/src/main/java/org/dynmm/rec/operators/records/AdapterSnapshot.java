package org.dynmm.rec.operators.records;

import org.dynmm.rec.models.adapter.AdapterLayout;
import org.dynmm.rec.models.adapter.AdapterParameters;

/** A published adapter parameter version on its way to the rankers (a flat POJO). */
public class AdapterSnapshot {
    public long version;
    public int dim;
    public int summaryDim;
    public int hidden;
    public float[] theta;

    public AdapterSnapshot() {}

    public static AdapterSnapshot of(AdapterParameters params) {
        AdapterSnapshot s = new AdapterSnapshot();
        s.version = params.version();
        s.dim = params.layout().dim();
        s.summaryDim = params.layout().summaryDim();
        s.hidden = params.layout().hidden();
        s.theta = params.theta().clone();
        return s;
    }

    public AdapterParameters toParameters() {
        return new AdapterParameters(
                new AdapterLayout(dim, summaryDim, hidden), version, theta.clone());
    }

    @Override
    public String toString() {
        return "AdapterSnapshot{v" + version + '}';
    }
}
