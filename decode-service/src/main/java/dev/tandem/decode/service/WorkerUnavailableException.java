package dev.tandem.decode.service;

/** The worker cannot take requests now: the model is still loading, failed to load, or the worker is stopping. */
public class WorkerUnavailableException extends RuntimeException {

    public WorkerUnavailableException(String message) {
        super(message);
    }
}
