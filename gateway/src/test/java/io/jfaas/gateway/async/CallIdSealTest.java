package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallIdSealTest {

    private static final String CALL = QueuedCall.digest("plain.openfaas-fn", "POST", "", "", null,
            "one".getBytes(StandardCharsets.UTF_8));
    private static final String OTHER_BODY = QueuedCall.digest("plain.openfaas-fn", "POST", "", "", null,
            "two".getBytes(StandardCharsets.UTF_8));
    private static final String OTHER_FUNCTION = QueuedCall.digest("other.openfaas-fn", "POST", "", "", null,
            "one".getBytes(StandardCharsets.UTF_8));

    @Test
    void a_made_id_is_a_version_8_uuid_that_names_its_call_and_no_other() {
        String id = CallIdSeal.make(CALL);

        UUID uuid = UUID.fromString(id);
        assertThat(uuid.toString()).isEqualTo(id);
        assertThat(uuid.version()).isEqualTo(8);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(CallIdSeal.check(id, CALL)).isEqualTo(CallIdSeal.Verdict.THIS_CALL);
        assertThat(CallIdSeal.check(id, OTHER_BODY)).isEqualTo(CallIdSeal.Verdict.ANOTHER_CALL);
        assertThat(CallIdSeal.check(id, OTHER_FUNCTION)).isEqualTo(CallIdSeal.Verdict.ANOTHER_CALL);
    }

    @Test
    void ids_made_for_the_same_call_differ() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(CallIdSeal.make(CALL));
        }

        assertThat(ids).hasSize(100_000);
        assertThat(ids).allMatch(id -> CallIdSeal.check(id, CALL) == CallIdSeal.Verdict.THIS_CALL);
    }

    @Test
    void a_changed_bit_breaks_the_seal() {
        String id = CallIdSeal.make(CALL);
        // the last hex digit is in the tag; the first is in the random bits the tag covers
        String lastChanged = id.substring(0, 35) + (id.charAt(35) == '0' ? '1' : '0');
        String firstChanged = (id.charAt(0) == '0' ? '1' : '0') + id.substring(1);

        assertThat(CallIdSeal.check(lastChanged, CALL)).isEqualTo(CallIdSeal.Verdict.ANOTHER_CALL);
        assertThat(CallIdSeal.check(firstChanged, CALL)).isEqualTo(CallIdSeal.Verdict.ANOTHER_CALL);
    }

    @Test
    void ids_clients_choose_are_not_sealed() {
        String made = CallIdSeal.make(CALL);
        // a version-8 UUID of someone else's: the mark ("6a" then "6661", the low half's bits 55 to 32) differs
        assertThat(made.substring(21, 23) + made.substring(24, 28)).isEqualTo("6a6661");
        String otherVersion8 = made.substring(0, 21) + "7" + made.substring(22);

        assertThat(CallIdSeal.check(UUID.randomUUID().toString(), CALL)).isEqualTo(CallIdSeal.Verdict.NOT_SEALED);
        assertThat(CallIdSeal.check(otherVersion8, CALL)).isEqualTo(CallIdSeal.Verdict.NOT_SEALED);
        assertThat(CallIdSeal.check("order-42", CALL)).isEqualTo(CallIdSeal.Verdict.NOT_SEALED);
        assertThat(CallIdSeal.check("", CALL)).isEqualTo(CallIdSeal.Verdict.NOT_SEALED);
        assertThat(CallIdSeal.check("zzzzzzzz-zzzz-8zzz-8zzz-zzzzzzzzzzzz", CALL))
                .isEqualTo(CallIdSeal.Verdict.NOT_SEALED);
        assertThat(CallIdSeal.check("1-1-1-1-1" + " ".repeat(27), CALL)).isEqualTo(CallIdSeal.Verdict.NOT_SEALED);
    }
}
