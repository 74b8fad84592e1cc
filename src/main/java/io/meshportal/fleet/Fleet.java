package io.meshportal.fleet;

import java.util.List;

/**
 * The port to wherever factories run: the embedded local fleet or Kubernetes clusters. Adapters must answer
 * from memory (their own watches/state), never block on a remote call here.
 */
public interface Fleet {

    /** Every factory currently known, in no particular order. */
    List<FactoryRef> factories();
}
