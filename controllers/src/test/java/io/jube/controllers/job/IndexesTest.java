package io.jube.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IndexesTest {
    @Test
    void formatsRangesAndSingles() {
        assertThat(Indexes.format(new TreeSet<>(List.of(1, 3, 4, 5, 7)))).isEqualTo("1,3-5,7");
        assertThat(Indexes.format(new TreeSet<>())).isEmpty();
    }

    @Test
    void parsesWhatItFormatsAndSkipsGarbage() {
        assertThat(Indexes.parse("1,3-5,7")).containsExactly(1, 3, 4, 5, 7);
        assertThat(Indexes.parse("0-1,x,4")).containsExactly(0, 1, 4);
        assertThat(Indexes.parse(null)).isEmpty();
    }
}
