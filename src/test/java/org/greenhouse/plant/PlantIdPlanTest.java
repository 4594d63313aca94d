package org.greenhouse.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlantIdPlanTest {

    // ---------------------------------------------------------------- parseIds

    @Test
    void aRange() {
        List<Integer> ids = PlantIdPlan.parseIds("1-50");

        assertEquals(50, ids.size());
        assertEquals(IntStream.rangeClosed(1, 50).boxed().toList(), ids);
    }

    @Test
    void aSingleId() {
        assertEquals(List.of(3), PlantIdPlan.parseIds("3"));
    }

    @Test
    void idsAndRangesMixed() {
        assertEquals(List.of(1, 4, 9, 10, 11, 12), PlantIdPlan.parseIds("1,4,9-12"));
    }

    @Test
    void whitespaceIsIgnored() {
        assertEquals(List.of(1, 4, 9, 10, 11, 12), PlantIdPlan.parseIds(" 1 , 4,  9 - 12 "));
    }

    @Test
    void emptyItemsAreSkipped() {
        assertEquals(List.of(1, 2), PlantIdPlan.parseIds("1,,2,"));
    }

    @Test
    void duplicatesAreDroppedKeepingTheFirstOrder() {
        assertEquals(List.of(3, 1, 2, 4, 7), PlantIdPlan.parseIds("3,1-4,3,7,2"));
    }

    @Test
    void aSingleIdRange() {
        assertEquals(List.of(5), PlantIdPlan.parseIds("5-5"));
    }

    @Test
    void idZeroIsAllowed() {
        assertEquals(List.of(0, 1, 2), PlantIdPlan.parseIds("0-2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "1,a", "1-b", "1-", "1.5", "1-2-3"})
    void notAnIdOrARange(String spec) {
        var e = assertThrows(IllegalArgumentException.class, () -> PlantIdPlan.parseIds(spec));
        assertTrue(e.getMessage().contains("is not an id or a range"), e.getMessage());
    }

    @Test
    void aBackwardsRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> PlantIdPlan.parseIds("5-1"));
        assertTrue(e.getMessage().contains("runs backwards"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", " , ,"})
    void noIdAtAll(String spec) {
        var e = assertThrows(IllegalArgumentException.class, () -> PlantIdPlan.parseIds(spec));
        assertTrue(e.getMessage().contains("name no plant"), e.getMessage());
    }

    // ---------------------------------------------------------------- fixed

    @Test
    void aFixedPlanAsksForItsIdsOnce() {
        PlantIdPlan plan = PlantIdPlan.fixed(List.of(1, 4, 9));

        assertEquals(List.of(1, 4, 9), plan.first());
        assertEquals(List.of(), plan.next(Map.of()));
        assertEquals(List.of(), plan.next(outcomes(found(1), found(4), notFound(9))));
    }

    @Test
    void aFixedPlanKeepsItsOwnCopy() {
        List<Integer> ids = new ArrayList<>(List.of(1, 2));
        PlantIdPlan plan = PlantIdPlan.fixed(ids);
        ids.add(3);

        assertEquals(List.of(1, 2), plan.first());
    }

    // ---------------------------------------------------------------- discovery

    @Test
    void discoveryStartsWithAWindowFromStart() {
        assertEquals(List.of(1, 2, 3, 4, 5), PlantIdPlan.discovery(1, 3, 5).first());
        assertEquals(List.of(0, 1, 2), PlantIdPlan.discovery(0, 3, 3).first());
    }

    @Test
    void discoveryAsksForTheNextWindowWhilePlantsAreFound() {
        PlantIdPlan plan = PlantIdPlan.discovery(1, 3, 5);

        assertEquals(List.of(6, 7, 8, 9, 10), plan.next(outcomes(found(1), found(2), found(3), found(4), found(5))));
    }

    @Test
    void discoveryStopsAfterKConsecutiveNotFound() {
        PlantIdPlan plan = PlantIdPlan.discovery(1, 3, 5);

        assertEquals(List.of(), plan.next(outcomes(found(1), found(2), notFound(3), notFound(4), notFound(5))));
    }

    @Test
    void fewerThanKNotFoundAtTheEndOfAWindowGoOn() {
        PlantIdPlan plan = PlantIdPlan.discovery(1, 3, 5);

        assertEquals(List.of(6, 7, 8, 9, 10),
                plan.next(outcomes(found(1), found(2), found(3), notFound(4), notFound(5))));
    }

    @Test
    void aRunOfNotFoundCountsAcrossWindows() {
        PlantIdPlan plan = PlantIdPlan.discovery(1, 3, 5);
        var outcomes = outcomes(found(1), found(2), found(3), notFound(4), notFound(5));
        assertEquals(List.of(6, 7, 8, 9, 10), plan.next(outcomes));

        outcomes.putAll(outcomes(notFound(6), found(7), found(8), found(9), found(10)));

        assertEquals(List.of(), plan.next(outcomes), "4, 5 and 6 are three not-found in a row");
    }

    @Test
    void aFoundPlantResetsTheRun() {
        PlantIdPlan plan = PlantIdPlan.discovery(1, 3, 5);

        // 7 was not found and 43 on loan in the recordings: gaps shorter than the run do not stop discovery
        assertEquals(List.of(6, 7, 8, 9, 10),
                plan.next(outcomes(notFound(1), notFound(2), found(3), notFound(4), notFound(5))));
    }

    @Test
    void onLoanAndRejectedPlantsExistAndResetTheRun() {
        PlantIdPlan plan = PlantIdPlan.discovery(1, 3, 6);

        assertEquals(List.of(7, 8, 9, 10, 11, 12), plan.next(outcomes(notFound(1), notFound(2), onLoan(3),
                notFound(4), notFound(5), rejected(6))));
    }

    @Test
    void aRunLongerThanAWindowNeedsSeveralWindows() {
        PlantIdPlan plan = PlantIdPlan.discovery(1, 4, 2);
        var outcomes = outcomes(found(1), notFound(2));
        assertEquals(List.of(3, 4), plan.next(outcomes));

        outcomes.putAll(outcomes(notFound(3), notFound(4)));
        assertEquals(List.of(5, 6), plan.next(outcomes));

        outcomes.putAll(outcomes(notFound(5), found(6)));
        assertEquals(List.of(), plan.next(outcomes), "2, 3, 4 and 5 are four not-found in a row");
    }

    @Test
    void discoveryOfTheRecordedApi() {
        // the recordings: 1-50 exist except 7 (not found) and 43 (on loan); nothing beyond 50
        PlantIdPlan plan = PlantIdPlan.discovery(1, 5, 10);
        Map<Integer, PlantOutcome> outcomes = new LinkedHashMap<>();
        List<Integer> asked = new ArrayList<>();
        for (List<Integer> window = plan.first(); !window.isEmpty(); window = plan.next(outcomes)) {
            assertTrue(asked.size() < 1000, "discovery does not end");
            for (int id : window) {
                asked.add(id);
                outcomes.put(id, id > 50 || id == 7 ? notFound(id) : id == 43 ? onLoan(id) : found(id));
            }
        }

        assertEquals(IntStream.rangeClosed(1, 60).boxed().toList(), asked);
    }

    @Test
    void discoveryNeedsPositiveSettings() {
        assertThrows(IllegalArgumentException.class, () -> PlantIdPlan.discovery(1, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> PlantIdPlan.discovery(1, 3, 0));
    }

    @Test
    void discoveryOfOneIdAtATimeStoppingAtTheFirstMissingIsAllowed() {
        PlantIdPlan plan = PlantIdPlan.discovery(1, 1, 1);

        assertEquals(List.of(1), plan.first());
        assertEquals(List.of(2), plan.next(outcomes(found(1))));
        assertEquals(List.of(), plan.next(outcomes(found(1), notFound(2))));
    }

    // ---------------------------------------------------------------- helpers

    private static Map<Integer, PlantOutcome> outcomes(PlantOutcome... outcomes) {
        Map<Integer, PlantOutcome> byId = new LinkedHashMap<>();
        for (PlantOutcome outcome : outcomes) {
            byId.put(outcome.plantId(), outcome);
        }
        return byId;
    }

    private static PlantOutcome found(int id) {
        return new PlantOutcome.Reading(new PlantObservation(id, "Plant " + id, null, null, null, null, null, null, 15.0,
                null));
    }

    private static PlantOutcome notFound(int id) {
        return new PlantOutcome.NotFound(id);
    }

    private static PlantOutcome onLoan(int id) {
        return new PlantOutcome.OnLoan(id);
    }

    private static PlantOutcome rejected(int id) {
        return new PlantOutcome.Rejected(id, RejectReason.FETCH_FAILED, "timed out", null);
    }
}
