package org.greenhouse.leader;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Lease time that a test moves by hand, shared by the instances of a test (their clocks agree): nothing runs
 * until the test moves the time, and then every renewal and step-down due by then runs on the test's thread, in
 * the order of their instants, each with the clock at its own instant. After each one the check given to
 * {@link #afterEachTask} runs, so an invariant is checked at every change, not sampled.
 */
final class SteppedLeaseTime {

    private final PriorityQueue<Task> due = new PriorityQueue<>(
            Comparator.comparing((Task task) -> task.at).thenComparingLong(task -> task.order));
    private Instant now;
    private long order;
    private Runnable afterEachTask = () -> {
    };

    SteppedLeaseTime(Instant start) {
        this.now = start;
    }

    void afterEachTask(Runnable check) {
        this.afterEachTask = check;
    }

    Instant now() {
        return now;
    }

    /** Moves the clock to {@code until}, running what falls due on the way. */
    void advanceTo(Instant until) {
        if (until.isBefore(now)) {
            throw new IllegalArgumentException("time runs forward: " + until + " is before " + now);
        }
        while (!due.isEmpty() && !due.peek().at.isAfter(until)) {
            Task task = due.poll();
            if (task.cancelled) {
                continue;
            }
            // a task may have moved the clock on while it ran (see pass): never back
            now = task.at.isAfter(now) ? task.at : now;
            task.run.run();
            if (task.period != null && !task.cancelled) {
                schedule(task, task.at.plus(task.period));
            }
            afterEachTask.run();
        }
        now = until.isAfter(now) ? until : now;
    }

    void advance(Duration by) {
        advanceTo(now.plus(by));
    }

    /** Time that passes while a task runs (a slow database answer); called from inside a task. */
    void pass(Duration duration) {
        now = now.plus(duration);
    }

    /** One instance's view of this time: stopping it cancels only that instance's tasks. */
    LeaseTime forInstance() {
        List<Task> tasks = new ArrayList<>();
        return new LeaseTime() {
            @Override
            public Instant now() {
                return now;
            }

            @Override
            public Timer every(Duration period, Runnable task) {
                return add(new Task(task, period), now);
            }

            @Override
            public Timer at(Instant when, Runnable task) {
                return add(new Task(task, null), when);
            }

            @Override
            public void start() {
                // no threads: the test runs everything
            }

            @Override
            public void stop() {
                tasks.forEach(Task::cancel);
            }

            private Timer add(Task task, Instant at) {
                tasks.add(task);
                schedule(task, at);
                return task;
            }
        };
    }

    private void schedule(Task task, Instant at) {
        task.at = at;
        task.order = order++;
        due.add(task);
    }

    private static final class Task implements LeaseTime.Timer {
        final Runnable run;
        final Duration period;
        Instant at;
        long order;
        boolean cancelled;

        Task(Runnable run, Duration period) {
            this.run = run;
            this.period = period;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
