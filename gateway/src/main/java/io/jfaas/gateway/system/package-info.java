/**
 * The {@code /system/*} routes of the OpenFaaS API: functions (list, status, deploy, update, remove) and info.
 * Each handler checks its input, calls the {@link io.jfaas.provider.FunctionProvider}, and answers with
 * OpenFaaS's status codes and JSON.
 */
package io.jfaas.gateway.system;
