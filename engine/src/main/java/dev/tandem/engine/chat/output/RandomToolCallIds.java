package dev.tandem.engine.chat.output;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** Makes OpenAI-style tool call ids: {@code "call_"} followed by 24 random ASCII letters and digits. */
public final class RandomToolCallIds implements Supplier<String> {

    static final String PREFIX = "call_";
    static final int RANDOM_LENGTH = 24;
    private static final String ALPHANUMERICS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final RandomGenerator random;

    /** Ids drawn from a {@link SecureRandom}. */
    public RandomToolCallIds() {
        this(new SecureRandom());
    }

    /** Ids drawn from the given generator; a seeded one makes them reproducible. */
    public RandomToolCallIds(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Synchronized because one parser, and so one id source, may serve concurrent requests. */
    @Override
    public synchronized String get() {
        StringBuilder id = new StringBuilder(PREFIX.length() + RANDOM_LENGTH).append(PREFIX);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            id.append(ALPHANUMERICS.charAt(random.nextInt(ALPHANUMERICS.length())));
        }
        return id.toString();
    }
}
