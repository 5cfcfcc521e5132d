package io.jfaas.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The web UI's logins: a random 256-bit token per login, sent to the browser as an {@code HttpOnly},
 * {@code SameSite=Strict} cookie, so that a page on another site can neither read it nor make the browser send it.
 * Only tokens' SHA-256 digests are kept, in memory: a restart logs everyone out. A session ends after
 * {@link #IDLE} without a request, {@link #LIFETIME} after its login, or at logout; at most {@link #MAX_SESSIONS}
 * live at once (a new login ends the least recently used one).
 */
public final class UiSessions {

    public static final String COOKIE = "jfaas_session";
    public static final Duration IDLE = Duration.ofHours(8);
    public static final Duration LIFETIME = Duration.ofDays(7);
    public static final int MAX_SESSIONS = 256;

    private static final SecureRandom RANDOM = new SecureRandom();

    private record Session(Instant started, Instant lastSeen) {
    }

    private final Clock clock;
    /** Access order: the eldest entry is the least recently used session. */
    private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    public UiSessions(Clock clock) {
        this.clock = clock;
    }

    /** Starts a session; the token goes into the cookie and nowhere else. */
    public synchronized String start() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        sessions.put(digest(token), new Session(now, now));
        return token;
    }

    /** Whether the token names a live session; a live one is kept alive by this request. */
    public synchronized boolean check(String token) {
        if (token == null || token.isEmpty() || token.length() > 64) {
            return false;
        }
        String key = digest(token);
        Session session = sessions.get(key);
        if (session == null) {
            return false;
        }
        Instant now = clock.instant();
        if (!now.isBefore(session.lastSeen().plus(IDLE)) || !now.isBefore(session.started().plus(LIFETIME))) {
            sessions.remove(key);
            return false;
        }
        sessions.put(key, new Session(session.started(), now));
        return true;
    }

    /** Ends the session, if the token names one. */
    public synchronized void end(String token) {
        if (token != null && token.length() <= 64) {
            sessions.remove(digest(token));
        }
    }

    synchronized int size() {
        return sessions.size();
    }

    /** The session token in a {@code Cookie} header, if it carries one. */
    public static Optional<String> token(String cookieHeader) {
        if (cookieHeader == null) {
            return Optional.empty();
        }
        for (String pair : cookieHeader.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).trim().equals(COOKIE)) {
                return Optional.of(pair.substring(equals + 1).trim());
            }
        }
        return Optional.empty();
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
