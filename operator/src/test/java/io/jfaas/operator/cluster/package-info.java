/**
 * What fabric8's mock server lacks and a real API server does, for the operator's tests: the chart's RBAC enforced on
 * every request of the operator's service account.
 */
package io.jfaas.operator.cluster;
