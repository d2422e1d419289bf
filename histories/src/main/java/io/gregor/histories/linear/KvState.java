package io.gregor.histories.linear;

/**
 * One key's string in {@link KvModel}, as a persistent rope: the value last put, followed by the pieces appended
 * since, each node pointing at the state it extended.
 *
 * <p>Why not a {@link String}: under appends every search state would be a fresh copy of a string that grows
 * with the history, and the memo keeps each one — quadratic memory on a single busy key. A node costs one small
 * object, shares everything before it, and carries a 64-bit polynomial hash of its whole content computed in O(1)
 * from its parent's, so comparisons between states start from hash and length and read characters only when
 * those agree (they then almost always agree on the content too, so the walk runs once, to confirm).
 */
final class KvState {

    /** Multiplier of the polynomial hash (odd, so multiplication by it is a bijection mod 2^64). */
    static final long BASE = 0x100000001B3L;

    static final KvState EMPTY = new KvState(null, "", 0, 0);

    private final KvState previous;
    private final String piece;
    private final int length;
    private final long hash;

    private KvState(KvState previous, String piece, int length, long hash) {
        this.previous = previous;
        this.piece = piece;
        this.length = length;
        this.hash = hash;
    }

    /** The polynomial hash of {@code s} (the value a state holding exactly {@code s} carries). */
    static long hashOf(String s) {
        long h = 0;
        for (int i = 0; i < s.length(); i++) {
            h = h * BASE + s.charAt(i);
        }
        return h;
    }

    /** {@code BASE^n} mod 2^64. */
    static long power(int n) {
        long result = 1;
        long b = BASE;
        for (int e = n; e > 0; e >>>= 1) {
            if ((e & 1) != 0) {
                result *= b;
            }
            b *= b;
        }
        return result;
    }

    /** A key holding exactly {@code value}, whose hash is {@code valueHash}. */
    static KvState of(String value, long valueHash) {
        return value.isEmpty() ? EMPTY : new KvState(null, value, value.length(), valueHash);
    }

    /** This value with {@code suffix} appended; {@code suffixPower} is {@code BASE^suffix.length()}. */
    KvState append(String suffix, long suffixHash, long suffixPower) {
        if (suffix.isEmpty()) {
            return this;
        }
        return new KvState(this, suffix, length + suffix.length(), hash * suffixPower + suffixHash);
    }

    /** Whether this holds exactly {@code s}: compares from the end, where concurrent appends differ. */
    boolean holds(String s) {
        if (s.length() != length) {
            return false;
        }
        int end = length;
        for (KvState node = this; node != null; node = node.previous) {
            int start = end - node.piece.length();
            if (!s.regionMatches(start, node.piece, 0, node.piece.length())) {
                return false;
            }
            end = start;
        }
        return true;
    }

    @Override
    public int hashCode() {
        return (int) (hash ^ (hash >>> 32));
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof KvState)) {
            return false;
        }
        KvState other = (KvState) o;
        return other.length == length && other.hash == hash && sameContent(this, other);
    }

    /** Compares two ropes of equal length from the end, piece by piece, stopping at a shared node. */
    private static boolean sameContent(KvState a, KvState b) {
        KvState x = a;
        KvState y = b;
        int xRemaining = x.piece.length(); // characters of x.piece not yet compared (a prefix of it)
        int yRemaining = y.piece.length();
        while (x != null && y != null) {
            if (x == y && xRemaining == yRemaining) {
                return true; // the rest is literally the same text
            }
            if (xRemaining == 0) {
                x = x.previous;
                xRemaining = x == null ? 0 : x.piece.length();
                continue;
            }
            if (yRemaining == 0) {
                y = y.previous;
                yRemaining = y == null ? 0 : y.piece.length();
                continue;
            }
            int k = Math.min(xRemaining, yRemaining);
            if (!x.piece.regionMatches(xRemaining - k, y.piece, yRemaining - k, k)) {
                return false;
            }
            xRemaining -= k;
            yRemaining -= k;
        }
        return true; // equal lengths, so both ran out together
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(length);
        for (KvState node = this; node != null; node = node.previous) {
            out.insert(0, node.piece);
        }
        return out.toString();
    }
}
