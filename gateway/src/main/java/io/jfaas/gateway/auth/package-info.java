/**
 * Basic authentication of {@code /system/*}: credentials from the files {@code basic-auth-user} and
 * {@code basic-auth-password}, generated on first start in local mode, checked in constant time; and the
 * guard that refuses what a browser sends on behalf of another site.
 */
package io.jfaas.gateway.auth;
