package dev.tandem.decode.service;

/** The waiting queue is full: the caller should retry on another worker. */
public class QueueFullException extends RuntimeException {

    public QueueFullException(String message) {
        super(message);
    }
}
