package org.ndpack.dlpack;

import java.util.function.BiConsumer;

/**
 * A persistent (immutable) map from {@code long} keys to non-null values: a hash array mapped
 * trie. Every "change" returns a new map that shares all untouched nodes with the old one, so an
 * update costs one new node per level on the key's path (a handful of small arrays for the
 * table sizes the bridge sees) and the old map stays valid for whoever still reads it. That is
 * what lets {@link BridgeState} be one immutable record replaced by compare-and-set.
 *
 * <p>Keys are spread by a bijective 64-bit mix (the finaliser of MurmurHash3), so two different
 * keys always have different hashes: the trie needs no collision lists. Each level consumes
 * five hash bits; at most 13 levels.
 *
 * <h2>Guarantees</h2>
 * Immutable, hence thread-safe; every field is final, so a map reached through a data race is
 * still seen whole. Null values are refused.
 *
 * @param <V> the value type
 */
final class LongMap<V> {
    private static final LongMap<?> EMPTY = new LongMap<>(null, 0);
    private static final int BITS = 5;
    private static final int MASK = (1 << BITS) - 1;

    /** The root: null when empty, the {@link Leaf} itself for one entry, else a {@link Node}. */
    private final Object root;
    private final int size;

    private LongMap(Object root, int size) {
        this.root = root;
        this.size = size;
    }

    /** {@return the empty map} */
    @SuppressWarnings("unchecked")
    static <V> LongMap<V> empty() {
        return (LongMap<V>) EMPTY;
    }

    /** {@return the number of entries} */
    int size() {
        return size;
    }

    /** {@return the value of {@code key}, or null} */
    @SuppressWarnings("unchecked")
    V get(long key) {
        if (root instanceof Leaf l) {
            return l.key == key ? (V) l.value : null;
        }
        long h = mix(key);
        Node n = (Node) root;
        int shift = 0;
        while (n != null) {
            int bit = 1 << ((int) (h >>> shift) & MASK);
            if ((n.bitmap & bit) == 0) {
                return null;
            }
            Object s = n.slots[Integer.bitCount(n.bitmap & (bit - 1))];
            if (s instanceof Leaf l) {
                return l.key == key ? (V) l.value : null;
            }
            n = (Node) s;
            shift += BITS;
        }
        return null;
    }

    /** {@return true if {@code key} has a value} */
    boolean containsKey(long key) {
        return get(key) != null;
    }

    /**
     * {@return a map with {@code key} mapped to {@code value}} (replacing any earlier value)
     *
     * @throws NullPointerException if {@code value} is null
     */
    LongMap<V> with(long key, V value) {
        if (value == null) {
            throw new NullPointerException("LongMap values must not be null");
        }
        Leaf leaf = new Leaf(key, value);
        if (root == null) {
            return new LongMap<>(leaf, 1);
        }
        long h = mix(key);
        if (root instanceof Leaf l) {
            return l.key == key ? new LongMap<>(leaf, 1) : new LongMap<>(pair(0, l, mix(l.key), leaf, h), 2);
        }
        int newSize = containsKey(key) ? size : size + 1;
        return new LongMap<>(put((Node) root, 0, h, leaf), newSize);
    }

    /** {@return a map without {@code key}; this map if it has no such key} */
    LongMap<V> without(long key) {
        if (root == null) {
            return this;
        }
        if (root instanceof Leaf l) {
            return l.key == key ? empty() : this;
        }
        Object r = remove((Node) root, 0, key, mix(key));
        if (r == root) {
            return this;
        }
        return r == null ? empty() : new LongMap<>(r, size - 1);
    }

    /** Calls {@code action} for each entry, in no particular order. */
    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<Long, ? super V> action) {
        if (root instanceof Leaf l) {
            action.accept(l.key, (V) l.value);
        } else if (root != null) {
            walk((Node) root, (BiConsumer<Long, Object>) action);
        }
    }

    private static void walk(Node n, BiConsumer<Long, Object> action) {
        for (Object s : n.slots) {
            if (s instanceof Leaf l) {
                action.accept(l.key, l.value);
            } else {
                walk((Node) s, action);
            }
        }
    }

    /** The MurmurHash3 64-bit finaliser: a bijection, so distinct keys have distinct hashes. */
    static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static int bit(long h, int shift) {
        return 1 << ((int) (h >>> shift) & MASK);
    }

    private static Node put(Node n, int shift, long h, Leaf leaf) {
        int bit = bit(h, shift);
        int pos = Integer.bitCount(n.bitmap & (bit - 1));
        if ((n.bitmap & bit) == 0) {
            Object[] s = new Object[n.slots.length + 1];
            System.arraycopy(n.slots, 0, s, 0, pos);
            s[pos] = leaf;
            System.arraycopy(n.slots, pos, s, pos + 1, n.slots.length - pos);
            return new Node(n.bitmap | bit, s);
        }
        Object cur = n.slots[pos];
        Object repl;
        if (cur instanceof Leaf l) {
            repl = l.key == leaf.key ? leaf : pair(shift + BITS, l, mix(l.key), leaf, h);
        } else {
            repl = put((Node) cur, shift + BITS, h, leaf);
        }
        Object[] s = n.slots.clone();
        s[pos] = repl;
        return new Node(n.bitmap, s);
    }

    /** A node holding two leaves whose hashes agree below {@code shift}. Since the hashes
     * differ, they differ in some chunk at or above {@code shift}, at most at shift 60. */
    private static Node pair(int shift, Leaf a, long ha, Leaf b, long hb) {
        int ia = (int) (ha >>> shift) & MASK;
        int ib = (int) (hb >>> shift) & MASK;
        if (ia == ib) {
            return new Node(1 << ia, new Object[] {pair(shift + BITS, a, ha, b, hb)});
        }
        return new Node((1 << ia) | (1 << ib), ia < ib ? new Object[] {a, b} : new Object[] {b, a});
    }

    /**
     * Removes {@code key} below {@code n}. Returns {@code n} itself when the key is absent, null
     * when the node becomes empty, a lone {@link Leaf} when the node shrinks to one leaf (so the
     * parent, or the map as its root, can hold the leaf directly and the trie stays as shallow as
     * when the key was never there), or the new node.
     */
    private static Object remove(Node n, int shift, long key, long h) {
        int bit = bit(h, shift);
        if ((n.bitmap & bit) == 0) {
            return n;
        }
        int pos = Integer.bitCount(n.bitmap & (bit - 1));
        Object cur = n.slots[pos];
        Object repl;
        if (cur instanceof Leaf l) {
            if (l.key != key) {
                return n;
            }
            repl = null;
        } else {
            repl = remove((Node) cur, shift + BITS, key, h);
            if (repl == cur) {
                return n;
            }
        }
        int len = n.slots.length;
        if (repl == null) {
            if (len == 1) {
                return null;
            }
            if (len == 2 && n.slots[1 - pos] instanceof Leaf other) {
                return other;
            }
            Object[] s = new Object[len - 1];
            System.arraycopy(n.slots, 0, s, 0, pos);
            System.arraycopy(n.slots, pos + 1, s, pos, len - pos - 1);
            return new Node(n.bitmap & ~bit, s);
        }
        if (len == 1 && repl instanceof Leaf) {
            return repl;
        }
        Object[] s = n.slots.clone();
        s[pos] = repl;
        return new Node(n.bitmap, s);
    }

    /** An inner node: a bitmap of occupied chunks and one slot (Leaf or Node) per set bit. */
    private static final class Node {
        final int bitmap;
        final Object[] slots;

        Node(int bitmap, Object[] slots) {
            this.bitmap = bitmap;
            this.slots = slots;
        }
    }

    /** One entry. */
    private static final class Leaf {
        final long key;
        final Object value;

        Leaf(long key, Object value) {
            this.key = key;
            this.value = value;
        }
    }
}
