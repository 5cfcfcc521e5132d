/** The provider contract's test, run against the operator's provider API. */
package io.jfaas.operator.contract;
