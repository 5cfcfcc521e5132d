package io.jfaas.triggers;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.jfaas.contracts.Durations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * When a function runs, from its {@code schedule} annotation, in the forms OpenFaaS's cron-connector accepts: five
 * cron fields (minute, hour, day of month, month, day of week), the shortcuts {@code @yearly} ({@code @annually}),
 * {@code @monthly}, {@code @weekly}, {@code @daily} ({@code @midnight}), {@code @hourly}, and {@code @every DURATION}
 * (Go's syntax, at least 1s), optionally after {@code CRON_TZ=ZONE } (or {@code TZ=ZONE }); in UTC otherwise.
 * {@code @every} ticks fall on multiples of the interval since the epoch, so that every connector replica sees the
 * same ticks.
 */
public sealed interface Schedule {

    /** The expression as written. */
    String text();

    /** The first tick strictly after {@code after}; empty when there is none (a date that never comes). */
    Optional<Instant> next(Instant after);

    /** Parses a schedule; the exception's message names what is wrong and what is accepted. */
    static Schedule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the schedule is empty: write five cron fields (\"*/5 * * * *\"),"
                    + " @hourly-style shortcuts or @every 1m");
        }
        String rest = text.trim();
        ZoneId zone = ZoneOffset.UTC;
        for (String prefix : new String[] {"CRON_TZ=", "TZ="}) {
            if (rest.startsWith(prefix)) {
                int space = rest.indexOf(' ');
                String name = space < 0 ? rest.substring(prefix.length()) : rest.substring(prefix.length(), space);
                try {
                    zone = ZoneId.of(name);
                } catch (DateTimeException e) {
                    throw new IllegalArgumentException("unknown time zone " + name + " in " + prefix + name);
                }
                rest = space < 0 ? "" : rest.substring(space + 1).trim();
                break;
            }
        }
        if (rest.startsWith("@every")) {
            String interval = rest.substring("@every".length()).trim();
            Duration every;
            try {
                every = Durations.parse(interval);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("@every needs a duration like 30s, 5m or 1h30m, not \""
                        + interval + "\"");
            }
            if (every.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("@every " + interval + " is below the shortest interval, 1s");
            }
            return new Every(text, every.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        String fields = SHORTCUTS.getOrDefault(rest.toLowerCase(Locale.ROOT), rest);
        if (fields.startsWith("@")) {
            throw new IllegalArgumentException("unknown shortcut " + rest + ": use one of " + SHORTCUTS.keySet()
                    + " or @every DURATION");
        }
        int count = fields.split("\\s+").length;
        if (count != 5) {
            throw new IllegalArgumentException("\"" + rest + "\" has " + count + " fields; a schedule has five:"
                    + " minute hour day-of-month month day-of-week");
        }
        try {
            com.cronutils.model.Cron cron = PARSER.parse(fields).validate();
            return new Cron(text, ExecutionTime.forCron(cron), zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + rest + "\" is not a cron expression: " + e.getMessage());
        }
    }

    /** The shortcuts and the five fields each stands for. */
    Map<String, String> SHORTCUTS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    /** Unix crontab's five fields, cron-utils' definition of them. */
    CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /** Cron fields in a time zone. */
    record Cron(String text, ExecutionTime times, ZoneId zone) implements Schedule {
        @Override
        public Optional<Instant> next(Instant after) {
            return times.nextExecution(after.atZone(zone)).map(time -> time.toInstant());
        }
    }

    /** A fixed interval of whole seconds, its ticks on multiples of it since the epoch. */
    record Every(String text, Duration interval) implements Schedule {
        @Override
        public Optional<Instant> next(Instant after) {
            long step = interval.toSeconds();
            long next = Math.floorDiv(after.getEpochSecond(), step) * step + step;
            return Optional.of(Instant.ofEpochSecond(next));
        }
    }
}
