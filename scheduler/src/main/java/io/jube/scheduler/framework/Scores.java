package io.jube.scheduler.framework;

import java.util.Arrays;

/** Score helpers shared by plugins. */
public final class Scores {
    public static final long MAX = 100;

    private Scores() {
    }

    /** Kubernetes' DefaultNormalizeScore: scale so the highest score is 100 (reversed: lowest is best). */
    public static void normalizeToMax(long[] scores, boolean reverse) {
        long max = 0;
        for (long s : scores) {
            max = Math.max(max, s);
        }
        if (max == 0) {
            if (reverse) {
                Arrays.fill(scores, MAX);
            }
            return;
        }
        for (int i = 0; i < scores.length; i++) {
            long s = MAX * scores[i] / max;
            scores[i] = reverse ? MAX - s : s;
        }
    }
}
