package io.jfaas.gateway.async;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The call ids the gateway makes for async calls the client sent without one. Each is sealed to the call it names,
 * so that a client reusing it for another call is refused (409) although the id is stored nowhere: storing every such
 * id (a publish to the call-id bucket per call) cost the accepting gateway and its nats-server a third of their CPU
 * per call, and filled the bucket within two minutes at 2,400 calls a second.
 *
 * <p>An id is a version-8 UUID (RFC 9562) of 66 random bits, a 24-bit {@link #MARK} that tells these ids from other
 * version-8 UUIDs a client may use, and a 32-bit tag: the start of SHA-256 over the random bits and the call's
 * {@link QueuedCall#digest()}. The seal guards against mistakes, not against forgery: anyone can compute a tag, and
 * a client who forges one only has its own call treated as the call it names. The 66 random bits keep two calls
 * with the same content apart: the chance that two of a function's calls within the de-duplication window share
 * them is below one in 10^7 even at 15,000 calls a second.
 */
final class CallIdSeal {

    /** What a client-sent call id is to the call it came with. */
    enum Verdict {
        /** Not an id this gateway makes: held in the call-id bucket like any id a client chooses. */
        NOT_SEALED,
        /** Made by a gateway for this very call: sent again, it is stored once, with no claim needed. */
        THIS_CALL,
        /** Made by a gateway for another call: refused. */
        ANOTHER_CALL
    }

    /** Bits 55 to 32 of the low half: "jfa" in ASCII. */
    static final long MARK = 0x6a6661L;
    private static final long MARK_MASK = 0xFFFFFFL << 32;
    private static final long VERSION_MASK = 0xF000L;
    private static final long VERSION_8 = 0x8000L;
    private static final long VARIANT_MASK = 0xC000000000000000L;
    private static final long VARIANT_RFC = 0x8000000000000000L;
    /** The random bits of the low half: the 6 after the variant. */
    private static final long LOW_RANDOM = 0x3F00000000000000L;
    private static final int CANONICAL_LENGTH = 36;

    private CallIdSeal() {
    }

    /** A new call id sealed to the call of {@code digest}. */
    static String make(String digest) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~VERSION_MASK) | VERSION_8;
        long low = VARIANT_RFC | (random.nextLong() & LOW_RANDOM) | MARK << 32;
        return new UUID(high, low | tag(high, low, digest)).toString();
    }

    /** What {@code callId}, sent by a client with the call of {@code digest}, is to that call. */
    static Verdict check(String callId, String digest) {
        if (callId.length() != CANONICAL_LENGTH || callId.charAt(8) != '-' || callId.charAt(13) != '-'
                || callId.charAt(18) != '-' || callId.charAt(23) != '-') {
            return Verdict.NOT_SEALED;
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(callId);
        } catch (IllegalArgumentException e) {
            return Verdict.NOT_SEALED;
        }
        long high = uuid.getMostSignificantBits();
        long low = uuid.getLeastSignificantBits();
        if ((high & VERSION_MASK) != VERSION_8 || (low & VARIANT_MASK) != VARIANT_RFC
                || (low & MARK_MASK) != MARK << 32) {
            return Verdict.NOT_SEALED;
        }
        return (low & 0xFFFFFFFFL) == tag(high, low, digest) ? Verdict.THIS_CALL : Verdict.ANOTHER_CALL;
    }

    /** The tag of an id's random bits (with its version and variant) and a call's digest. */
    private static long tag(long high, long low, String digest) {
        MessageDigest sha = QueuedCall.sha256();
        for (int shift = 56; shift >= 0; shift -= 8) {
            sha.update((byte) (high >>> shift));
        }
        sha.update((byte) (low >>> 56));
        sha.update(digest.getBytes(StandardCharsets.US_ASCII));
        byte[] hash = sha.digest();
        return (hash[0] & 0xFFL) << 24 | (hash[1] & 0xFFL) << 16 | (hash[2] & 0xFFL) << 8 | hash[3] & 0xFFL;
    }
}
