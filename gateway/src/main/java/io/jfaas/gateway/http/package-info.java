/** How the gateway answers errors: one place, plain text, no stack traces to clients. */
package io.jfaas.gateway.http;
