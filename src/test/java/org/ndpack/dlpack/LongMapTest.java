package org.ndpack.dlpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The persistent map behind the bridge state, against {@link HashMap} as the oracle. */
class LongMapTest {

    /** Keys like the bridge's: malloc addresses (16-byte steps), plus extremes. */
    private static long key(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> 0x7f0000000000L + 16L * r.nextInt(4096);
            case 1 -> 0x5500_0000_0000L + 64L * r.nextInt(64);
            case 2 -> r.nextLong();
            default -> new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1, 16}[r.nextInt(6)];
        };
    }

    @Test
    void behavesLikeAHashMapAndOldVersionsStayIntact() {
        Random r = new Random(42);
        LongMap<Long> m = LongMap.empty();
        Map<Long, Long> oracle = new HashMap<>();
        List<LongMap<Long>> versions = new ArrayList<>();
        List<Map<Long, Long>> snapshots = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            long k = key(r);
            if (r.nextInt(3) == 0) {
                LongMap<Long> n = m.without(k);
                if (!oracle.containsKey(k)) {
                    assertSame(m, n, "removing an absent key returns the same map");
                }
                m = n;
                oracle.remove(k);
            } else {
                long v = r.nextLong();
                m = m.with(k, v);
                oracle.put(k, v);
            }
            assertEquals(oracle.size(), m.size());
            if (step % 1000 == 0) {
                versions.add(m);
                snapshots.add(new HashMap<>(oracle));
            }
            long probe = key(r);
            assertEquals(oracle.get(probe), m.get(probe));
        }
        for (Map.Entry<Long, Long> e : oracle.entrySet()) {
            assertEquals(e.getValue(), m.get(e.getKey()));
        }
        Map<Long, Long> walked = new HashMap<>();
        m.forEach(walked::put);
        assertEquals(oracle, walked);
        for (int i = 0; i < versions.size(); i++) {
            Map<Long, Long> seen = new HashMap<>();
            versions.get(i).forEach(seen::put);
            assertEquals(snapshots.get(i), seen, "version " + i + " unchanged by later updates");
        }
    }

    @Test
    void removingEverythingGivesTheEmptyMap() {
        LongMap<String> m = LongMap.empty();
        Set<Long> keys = new HashSet<>();
        Random r = new Random(7);
        for (int i = 0; i < 5000; i++) {
            long k = key(r);
            keys.add(k);
            m = m.with(k, "v");
        }
        for (long k : keys) {
            m = m.without(k);
            assertFalse(m.containsKey(k));
        }
        assertEquals(0, m.size());
        assertSame(LongMap.empty(), m);
        assertNull(m.get(0));
    }

    @Test
    void nullValuesAreRefused() {
        assertThrows(NullPointerException.class, () -> LongMap.<String>empty().with(1, null));
    }

    @Test
    void theMixIsABijectionOnSampleKeys() {
        Set<Long> hashes = new HashSet<>();
        for (long k = 0; k < 100_000; k++) {
            assertTrue(hashes.add(LongMap.mix(k * 16)));
        }
        assertEquals(0, LongMap.mix(0), "the finaliser maps 0 to 0 and nothing else to 0");
    }
}
