package io.jfaas.gateway.auth;

import java.time.Clock;

/**
 * Who may use the gateway's API and UI: its basic-auth credentials, the UI's live sessions and the login throttle.
 * One per gateway, shared by the routers of all its event loops (a login on one connection holds on every other).
 */
public record Access(Credentials credentials, UiSessions sessions, LoginThrottle throttle) {

    public static Access of(Credentials credentials) {
        return new Access(credentials, new UiSessions(Clock.systemUTC()), new LoginThrottle(Clock.systemUTC()));
    }
}
