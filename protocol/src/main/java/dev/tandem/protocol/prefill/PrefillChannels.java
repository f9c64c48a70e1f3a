package dev.tandem.protocol.prefill;

/**
 * The messaging channels (AMQP addresses) between decode and prefill workers.
 *
 * <ul>
 *   <li>{@link #TASKS}: an anycast queue; every prefill worker consumes it as a competing consumer.</li>
 *   <li>{@link #CANCELS}: a multicast address; every prefill worker gets every cancel.</li>
 *   <li>{@link #LOAD}: a multicast address; each prefill worker publishes its load.</li>
 * </ul>
 */
public final class PrefillChannels {

    public static final String TASKS = "prefill-tasks";
    public static final String CANCELS = "prefill-cancels";
    public static final String LOAD = "prefill-load";

    private PrefillChannels() {
    }
}
