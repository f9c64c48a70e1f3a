package dev.tandem.engine.chat.output;

/** Finds how much of a text's end could be the beginning of a marker that later deltas complete. */
final class PartialMarker {

    private PartialMarker() {
    }

    /**
     * Length of the longest suffix of {@code text} that is a proper prefix of {@code marker}: the
     * characters a stream must hold back because the next delta may turn them into the marker.
     */
    static int heldLength(CharSequence text, String marker) {
        int longest = Math.min(text.length(), marker.length() - 1);
        for (int length = longest; length > 0; length--) {
            if (endsWithPrefix(text, marker, length)) {
                return length;
            }
        }
        return 0;
    }

    private static boolean endsWithPrefix(CharSequence text, String marker, int length) {
        int start = text.length() - length;
        for (int i = 0; i < length; i++) {
            if (text.charAt(start + i) != marker.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
