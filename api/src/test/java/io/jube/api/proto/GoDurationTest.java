package io.jube.api.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoDurationTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    @Test
    void formatsAsGoPrints() {
        assertThat(GoDuration.format(0)).isEqualTo("0s");
        assertThat(GoDuration.format(1)).isEqualTo("1ns");
        assertThat(GoDuration.format(1_500)).isEqualTo("1.5\u00b5s");
        assertThat(GoDuration.format(100 * MS)).isEqualTo("100ms");
        assertThat(GoDuration.format(1_500 * MS)).isEqualTo("1.5s");
        assertThat(GoDuration.format(60 * S)).isEqualTo("1m0s");
        assertThat(GoDuration.format(90 * 60 * S)).isEqualTo("1h30m0s");
        assertThat(GoDuration.format(72 * 3600 * S + 1)).isEqualTo("72h0m0.000000001s");
        assertThat(GoDuration.format(-2 * S)).isEqualTo("-2s");
        assertThat(GoDuration.format(Long.MIN_VALUE)).isEqualTo("-2562047h47m16.854775808s");
    }

    @Test
    void parsesWhatItFormats() {
        for (long d : new long[]{0, 1, 1_500, 100 * MS, 1_500 * MS, 90 * 60 * S, -2 * S, Long.MAX_VALUE}) {
            assertThat(GoDuration.parse(GoDuration.format(d))).isEqualTo(d);
        }
        assertThat(GoDuration.parse("1h1us")).isEqualTo(3600 * S + 1_000);
        assertThat(GoDuration.parse(".5s")).isEqualTo(500 * MS);
    }

    @Test
    void rejectsNonsenseAndOverflow() {
        for (String bad : new String[]{"", "5", "1x", "s", "1..2s", "-", "9999999999h"}) {
            assertThatThrownBy(() -> GoDuration.parse(bad)).as(bad).isInstanceOf(ProtobufException.class);
        }
    }
}
