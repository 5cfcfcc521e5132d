package io.jfaas.triggers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A function's triggers, read from its annotations with OpenFaaS's connector conventions: {@code topic} lists, comma
 * separated, the NATS subjects whose messages invoke it, and {@code cron-function} among them plus
 * {@code schedule} runs it on a schedule (the cron-connector's convention). jfaas adds
 * {@value #INVOCATION} ({@code sync} or {@code async}: how a message invokes it) and {@value #CATCH_UP}
 * ({@code "true"}: one run for ticks missed while no connector ran).
 *
 * @param topics the NATS subjects, without {@code cron-function}
 * @param schedule the schedule, when {@code topic} names {@code cron-function} and {@code schedule} parses
 * @param invocation the annotation's choice; empty: the connector's setting decides
 * @param catchUp whether missed ticks are made up with one run
 * @param problem what is wrong with the annotations (a schedule that does not parse, a topic that is no subject)
 */
public record Triggers(List<String> topics, Optional<Schedule> schedule, Optional<Invocation> invocation,
                       boolean catchUp, Optional<String> problem) {

    /** OpenFaaS's annotation: the topics (subjects) that invoke a function, comma separated. */
    public static final String TOPIC = "topic";
    /** OpenFaaS's annotation: the cron-connector's schedule. */
    public static final String SCHEDULE = "schedule";
    /** The topic that marks a scheduled function (the cron-connector's). */
    public static final String CRON_TOPIC = "cron-function";
    /** How a message (or a tick) invokes the function: {@code sync} or {@code async}. */
    public static final String INVOCATION = "com.jfaas.trigger.invocation";
    /** {@code "true"}: a tick missed while no connector ran is made up with one run. */
    public static final String CATCH_UP = "com.jfaas.schedule.catch-up";

    /** How a trigger invokes the function. */
    public enum Invocation {
        /** {@code /function/NAME.NAMESPACE}, the answer to the message's reply subject. */
        SYNC,
        /** {@code /async-function/NAME.NAMESPACE}: retries and dead letters apply; no answer. */
        ASYNC
    }

    /** A subject's tokens: no spaces, no empty token; {@code *} and {@code >} are NATS's wildcards. */
    private static final Pattern SUBJECT = Pattern.compile("[^\\s.]+(\\.[^\\s.]+)*");

    /**
     * First tokens a topic may not have: the platform's own subjects (the NATS transport's {@code jfaas.*}, the async
     * queue's {@code faas-request} and {@code faas-dead-letters}), NATS's ({@code $JS}, {@code $KV}, ...,
     * {@code _INBOX}), and a leading wildcard, which would match those.
     */
    public static final Set<String> RESERVED_FIRST_TOKENS = Set.of("jfaas", "faas-request",
            "faas-dead-letters", "_INBOX", "*", ">");

    public Triggers {
        topics = List.copyOf(topics);
    }

    /** No triggers. */
    public static final Triggers NONE = new Triggers(List.of(), Optional.empty(), Optional.empty(), false,
            Optional.empty());

    /** Reads the triggers from annotations (null: none); never throws: what is wrong is in {@link #problem()}. */
    public static Triggers of(Map<String, String> annotations) {
        if (annotations == null || !annotations.containsKey(TOPIC)) {
            return NONE;
        }
        List<String> problems = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        boolean cron = false;
        for (String part : annotations.get(TOPIC).split(",")) {
            String topic = part.trim();
            if (topic.isEmpty()) {
                continue;
            }
            if (topic.equals(CRON_TOPIC)) {
                cron = true;
            } else if (reserved(topic)) {
                problems.add("topic " + topic + " is reserved: a subject may not start with " + RESERVED_FIRST_TOKENS
                        + " or $ (the platform's and NATS's own subjects)");
            } else if (SUBJECT.matcher(topic).matches()) {
                if (!topics.contains(topic)) {
                    topics.add(topic);
                }
            } else {
                problems.add("topic " + topic + " is not a NATS subject (tokens separated by dots, no spaces)");
            }
        }
        Optional<Schedule> schedule = Optional.empty();
        if (cron) {
            try {
                schedule = Optional.of(Schedule.parse(annotations.get(SCHEDULE)));
            } catch (IllegalArgumentException e) {
                problems.add(SCHEDULE + ": " + e.getMessage());
            }
        }
        Optional<Invocation> invocation = Optional.empty();
        String mode = annotations.get(INVOCATION);
        if (mode != null) {
            switch (mode.trim().toLowerCase(Locale.ROOT)) {
                case "sync" -> invocation = Optional.of(Invocation.SYNC);
                case "async" -> invocation = Optional.of(Invocation.ASYNC);
                default -> problems.add(INVOCATION + ": \"" + mode + "\" is neither sync nor async");
            }
        }
        boolean catchUp = "true".equalsIgnoreCase(String.valueOf(annotations.get(CATCH_UP)).trim());
        return new Triggers(topics, schedule, invocation, catchUp,
                problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems)));
    }

    private static boolean reserved(String topic) {
        String first = topic.split("\\.", 2)[0];
        return first.startsWith("$") || RESERVED_FIRST_TOKENS.contains(first);
    }

    /** Whether anything invokes the function. */
    public boolean any() {
        return !topics.isEmpty() || schedule.isPresent();
    }

    /** The next scheduled run after {@code now}, if scheduled. */
    public Optional<Instant> nextRun(Instant now) {
        return schedule.flatMap(s -> s.next(now));
    }

    /** The invocation mode: the annotation's, else {@code fallback} (the connector's setting). */
    public Invocation invocation(Invocation fallback) {
        return invocation.orElse(fallback);
    }
}
