/** The provider contract's test, run against the gateway's providers. */
package io.jfaas.gateway.contract;
