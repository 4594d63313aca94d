package org.greenhouse.plant;

/** What one request for one plant came to. */
public sealed interface PlantOutcome {

    int plantId();

    record Reading(PlantObservation observation) implements PlantOutcome {
        @Override
        public int plantId() {
            return observation.plantId();
        }
    }

    /** A response that must not reach the readings table; kept with its body so nothing is lost. */
    record Rejected(int plantId, RejectReason reason, String detail, String rawBody) implements PlantOutcome {
    }

    /** The API knows no plant with this id; counted, not rejected. */
    record NotFound(int plantId) implements PlantOutcome {
    }

    /** The plant is on loan to another museum; counted, not rejected. */
    record OnLoan(int plantId) implements PlantOutcome {
    }
}
