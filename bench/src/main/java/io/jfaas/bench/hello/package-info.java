/** The hello function the benchmarks run, as a handler and as a bare JDK server that answers the same bytes. */
package io.jfaas.bench.hello;
