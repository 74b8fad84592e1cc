package io.meshportal.calendar;

/**
 * Each factory's local time, for the features that compute "today", shifts and reports from it. Reads are internal
 * (the pollers and the history recorder call them for every factory); what a user may see or change goes through
 * the calendar service with the acting viewer.
 */
@FunctionalInterface
public interface FactoryTimes {

    /** The factory's stored zone and calendar, or its country's zone with the default calendar. */
    FactoryTime of(String factoryId);
}
