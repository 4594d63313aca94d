package org.greenhouse.plant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What one cycle came to, per outcome; stored in pipeline_run, sent as metrics and logged. */
@RegisterForReflection // part of PlantCycle.Report
public record CycleCounts(int requested, int inserted, int duplicates, int rejected, int notFound, int onLoan,
        int missedDeadline) {

    @Override
    public String toString() {
        return "requested=" + requested + " inserted=" + inserted + " duplicates=" + duplicates + " rejected="
                + rejected + " not_found=" + notFound + " on_loan=" + onLoan + " missed_deadline=" + missedDeadline;
    }
}
