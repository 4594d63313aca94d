package org.greenhouse.plant;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Which plant ids a cycle asks for: a fixed list, or discovery in windows until enough ids are missing. */
public sealed interface PlantIdPlan {

    List<Integer> first();

    /** The next ids to ask for, given every outcome so far; empty when the cycle has asked for all. */
    List<Integer> next(Map<Integer, PlantOutcome> outcomes);

    static PlantIdPlan fixed(List<Integer> ids) {
        return new Fixed(List.copyOf(ids));
    }

    static PlantIdPlan discovery(int start, int stopAfterMissing, int window) {
        if (stopAfterMissing < 1 || window < 1) {
            throw new IllegalArgumentException("discovery needs stop-after-missing >= 1 and parallelism >= 1");
        }
        return new Discovery(start, stopAfterMissing, window);
    }

    /** Parses "1-50", "3", "1,4,9-12" into distinct ids in the order given. */
    static List<Integer> parseIds(String spec) {
        var ids = new LinkedHashSet<Integer>();
        for (String part : spec.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            try {
                int dash = item.indexOf('-', 1);
                if (dash < 0) {
                    ids.add(Integer.parseInt(item));
                } else {
                    int from = Integer.parseInt(item.substring(0, dash).trim());
                    int to = Integer.parseInt(item.substring(dash + 1).trim());
                    if (to < from) {
                        throw new IllegalArgumentException("plant id range '" + item + "' runs backwards");
                    }
                    IntStream.rangeClosed(from, to).forEach(ids::add);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("plant ids '" + spec + "': '" + item + "' is not an id or a range");
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("plant ids '" + spec + "' name no plant");
        }
        return new ArrayList<>(ids);
    }

    record Fixed(List<Integer> ids) implements PlantIdPlan {
        @Override
        public List<Integer> first() {
            return ids;
        }

        @Override
        public List<Integer> next(Map<Integer, PlantOutcome> outcomes) {
            return List.of();
        }
    }

    /** Walks ids upwards from start, a window at a time, until a run of consecutive "not found". */
    record Discovery(int start, int stopAfterMissing, int window) implements PlantIdPlan {
        @Override
        public List<Integer> first() {
            return window(start);
        }

        @Override
        public List<Integer> next(Map<Integer, PlantOutcome> outcomes) {
            int missingRun = 0;
            int id = start;
            for (; outcomes.containsKey(id); id++) {
                missingRun = outcomes.get(id) instanceof PlantOutcome.NotFound ? missingRun + 1 : 0;
                if (missingRun >= stopAfterMissing) {
                    return List.of();
                }
            }
            return window(id);
        }

        private List<Integer> window(int from) {
            return IntStream.range(from, from + window).boxed().toList();
        }
    }
}
