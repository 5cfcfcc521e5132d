/** Tests of the NATS transport in a cluster: the operator's pods serve their subject, the gateway calls it. */
package io.jfaas.operator.transport;
