/** The NATS transport: function calls as NATS requests, served through the same path as HTTP calls. */
package io.jfaas.watchdog.nats;
