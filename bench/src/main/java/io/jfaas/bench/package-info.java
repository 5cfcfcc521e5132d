/**
 * Benchmarks: each measures a jfaas part against a bare JDK baseline in the same run (these machines are noisy, so
 * results are medians and ratios), and writes a Markdown table for bench/README.md.
 */
package io.jfaas.bench;
