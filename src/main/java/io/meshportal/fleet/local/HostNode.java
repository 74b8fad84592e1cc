package io.meshportal.fleet.local;

import io.meshportal.fleet.ClusterInfo;
import io.meshportal.fleet.NodeInfo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.List;

/**
 * The one node of the embedded fleet's cluster: this host, its cores, CPU load and memory as the operating system
 * reports them, shown on the Clusters page like a Kubernetes node.
 */
final class HostNode {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Looked up once: getLocalHost() may wait on DNS, and clusters() is read on every alert tick. */
    private static final String HOST_NAME = hostName();

    /** Host CPU load sampled by the scheduler: getCpuLoad() measures since its previous call, so one caller. */
    private volatile double cpuLoad = OS.getCpuLoad();

    /** Reads the host's CPU load since the previous reading; called from one place only, on a schedule. */
    void sampleCpuLoad() {
        cpuLoad = OS.getCpuLoad();
    }

    /** The cluster of one node, this host, with its latest readings. */
    ClusterInfo cluster(String name) {
        int cores = OS.getAvailableProcessors();
        double load = cpuLoad;
        long total = OS.getTotalMemorySize();
        NodeInfo host = new NodeInfo(
                HOST_NAME,
                true,
                cores,
                load < 0 ? null : load * cores,
                total,
                total - OS.getFreeMemorySize(),
                List.of());
        return new ClusterInfo(name, ClusterInfo.Status.REACHABLE, null, List.of(host), List.of());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
