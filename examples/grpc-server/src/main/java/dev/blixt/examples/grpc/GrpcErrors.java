package dev.blixt.examples.grpc;

import dev.blixt.CapacityException;
import dev.blixt.error.DataplaneException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** How the library's exceptions become gRPC statuses. */
final class GrpcErrors {
    private static final System.Logger LOG = System.getLogger(GrpcErrors.class.getName());

    private GrpcErrors() {}

    /**
     * The status for an exception of the data plane: RESOURCE_EXHAUSTED for a capacity limit,
     * INVALID_ARGUMENT for a refused value, UNAVAILABLE when the data plane is closed, INTERNAL for
     * anything else (the kernel refused an update). The description is the exception's message.
     */
    static StatusRuntimeException toStatus(RuntimeException e) {
        if (e instanceof StatusRuntimeException s) return s;
        Status status;
        if (e instanceof CapacityException) {
            status = Status.RESOURCE_EXHAUSTED;
        } else if (e instanceof IllegalArgumentException) {
            status = Status.INVALID_ARGUMENT;
        } else if (e instanceof IllegalStateException) {
            status = Status.UNAVAILABLE;
        } else if (e instanceof DataplaneException) {
            status = Status.INTERNAL;
        } else {
            LOG.log(System.Logger.Level.ERROR, "unexpected failure", e);
            status = Status.INTERNAL;
        }
        return status.withDescription(String.valueOf(e.getMessage())).withCause(e).asRuntimeException();
    }

    static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    static StatusRuntimeException notFound(String message) {
        return Status.NOT_FOUND.withDescription(message).asRuntimeException();
    }
}
