package io.jfaas.contracts;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 100m}, {@code 0.5}, {@code 128Mi}, {@code 1G}, {@code 1e3}) and their
 * canonical form, as the API server writes them back: the largest suffix of the same family that keeps the number
 * whole ({@code 1024Mi} is {@code 1Gi}, {@code 0.5} is {@code 500m}, {@code 1000} is {@code 1k}).
 */
public final class Quantities {

    private static final Pattern QUANTITY = Pattern.compile("([+-]?(?:\\d+\\.?\\d*|\\.\\d+))([a-zA-Z]*|[eE][+-]?\\d+)");
    private static final Map<String, Integer> DECIMAL = new LinkedHashMap<>();
    private static final Map<String, Integer> BINARY = new LinkedHashMap<>();

    static {
        DECIMAL.put("E", 18);
        DECIMAL.put("P", 15);
        DECIMAL.put("T", 12);
        DECIMAL.put("G", 9);
        DECIMAL.put("M", 6);
        DECIMAL.put("k", 3);
        DECIMAL.put("", 0);
        DECIMAL.put("m", -3);
        DECIMAL.put("u", -6);
        DECIMAL.put("n", -9);
        BINARY.put("Ei", 60);
        BINARY.put("Pi", 50);
        BINARY.put("Ti", 40);
        BINARY.put("Gi", 30);
        BINARY.put("Mi", 20);
        BINARY.put("Ki", 10);
    }

    private Quantities() {
    }

    /** The canonical form; {@link IllegalArgumentException} naming the value when it is not a quantity. */
    public static String canonical(String quantity) {
        Parsed parsed = parse(quantity);
        BigDecimal value = parsed.value();
        if (value.signum() < 0) {
            throw new IllegalArgumentException("invalid quantity \"" + quantity + "\": it must not be negative");
        }
        if (parsed.binary() && value.stripTrailingZeros().scale() <= 0) {
            return binary(value.toBigIntegerExact());
        }
        return decimal(value);
    }

    /** The number a quantity stands for ({@code 1Ki} is 1024); {@link IllegalArgumentException} as canonical. */
    public static BigDecimal value(String quantity) {
        return parse(quantity).value();
    }

    /** A quantity's number, and whether it was written with a binary suffix (which canonical form keeps). */
    private record Parsed(BigDecimal value, boolean binary) {
    }

    private static Parsed parse(String quantity) {
        Matcher matcher = QUANTITY.matcher(quantity == null ? "" : quantity.trim());
        if (!matcher.matches()) {
            throw invalid(quantity);
        }
        BigDecimal number = new BigDecimal(matcher.group(1));
        String suffix = matcher.group(2);
        if (BINARY.containsKey(suffix)) {
            return new Parsed(number.multiply(new BigDecimal(BigInteger.TWO.pow(BINARY.get(suffix)))), true);
        }
        if (suffix.matches("[eE][+-]?\\d+")) {
            return new Parsed(number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1))), false);
        }
        if (!DECIMAL.containsKey(suffix)) {
            throw invalid(quantity);
        }
        return new Parsed(number.scaleByPowerOfTen(DECIMAL.get(suffix)), false);
    }

    /** True when {@code quantity} parses. */
    public static boolean isValid(String quantity) {
        try {
            canonical(quantity);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String binary(BigInteger bytes) {
        if (bytes.signum() == 0) {
            return "0";
        }
        for (Map.Entry<String, Integer> unit : BINARY.entrySet()) {
            BigInteger size = BigInteger.TWO.pow(unit.getValue());
            if (bytes.mod(size).signum() == 0) {
                return bytes.divide(size) + unit.getKey();
            }
        }
        return decimal(new BigDecimal(bytes));
    }

    private static String decimal(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        // below a nano-unit Kubernetes rounds up
        BigDecimal nanos = value.scaleByPowerOfTen(9).setScale(0, RoundingMode.CEILING);
        BigDecimal rounded = nanos.scaleByPowerOfTen(-9);
        for (Map.Entry<String, Integer> unit : DECIMAL.entrySet()) {
            BigDecimal scaled = rounded.scaleByPowerOfTen(-unit.getValue());
            if (scaled.stripTrailingZeros().scale() <= 0) {
                return scaled.toBigIntegerExact() + unit.getKey();
            }
        }
        throw new IllegalStateException("every quantity is whole in nano-units");
    }

    private static IllegalArgumentException invalid(String quantity) {
        return new IllegalArgumentException("invalid quantity \"" + quantity + "\": use a number with an optional"
                + " suffix, e.g. 100m, 0.5, 128Mi, 1G");
    }
}
