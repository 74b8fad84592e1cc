package io.meshportal.fleet;

/** Steps of a long fleet operation, for progress shown to the user. */
@FunctionalInterface
public interface Progress {

    Progress NONE = step -> {};

    void step(String message);
}
