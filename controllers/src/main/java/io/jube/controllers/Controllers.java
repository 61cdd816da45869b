package io.jube.controllers;

import io.jube.controllers.deployment.DeploymentController;
import io.jube.controllers.cronjob.CronJobController;
import io.jube.controllers.endpoint.EndpointsController;
import io.jube.controllers.endpointslice.EndpointSliceController;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.garbagecollector.GarbageCollector;
import io.jube.controllers.namespace.NamespaceController;
import io.jube.controllers.nodelifecycle.NodeLifecycleController;
import io.jube.controllers.podgc.PodGarbageCollector;
import io.jube.controllers.serviceaccount.ServiceAccountsController;
import io.jube.controllers.replicaset.ReplicaSetController;
import io.jube.controllers.replication.ReplicationManager;
import io.jube.controllers.statefulset.StatefulSetController;
import io.jube.controllers.daemonset.DaemonSetController;
import io.jube.controllers.job.JobController;
import io.jube.controllers.ttlafterfinished.TtlAfterFinishedController;
import io.jube.controllers.volume.PersistentVolumeController;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The known controllers by name (the names of kube-controller-manager's {@code --controllers}). */
public final class Controllers {
    private static final Map<String, Function<ControllerManager.Options, Controller>> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put(ReplicaSetController.NAME, o -> new ReplicaSetController());
        KNOWN.put(ReplicationManager.NAME, o -> new ReplicationManager());
        KNOWN.put(DeploymentController.NAME, o -> new DeploymentController());
        KNOWN.put(GarbageCollector.NAME, o -> new GarbageCollector());
        KNOWN.put(NamespaceController.NAME, o -> new NamespaceController());
        KNOWN.put(NodeLifecycleController.NAME, o -> new NodeLifecycleController(o.nodeMonitorGracePeriod()));
        KNOWN.put(PodGarbageCollector.NAME, o -> new PodGarbageCollector());
        KNOWN.put(ServiceAccountsController.NAME, o -> new ServiceAccountsController());
        KNOWN.put(StatefulSetController.NAME, o -> new StatefulSetController());
        KNOWN.put(DaemonSetController.NAME, o -> new DaemonSetController());
        KNOWN.put(JobController.NAME, o -> new JobController());
        KNOWN.put(TtlAfterFinishedController.NAME, o -> new TtlAfterFinishedController());
        KNOWN.put(CronJobController.NAME, o -> new CronJobController());
        KNOWN.put(EndpointsController.NAME, o -> new EndpointsController());
        KNOWN.put(EndpointSliceController.NAME, o -> new EndpointSliceController());
        KNOWN.put(PersistentVolumeController.NAME, o -> new PersistentVolumeController());
    }

    private Controllers() {
    }

    public static List<String> names() {
        return List.copyOf(KNOWN.keySet());
    }

    /** Fresh instances of the controllers {@code options} enables; unknown names are an error. */
    static List<Controller> create(ControllerManager.Options options) {
        for (String n : options.controllers()) {
            String bare = n.startsWith("-") ? n.substring(1) : n;
            if (!bare.equals("*") && !KNOWN.containsKey(bare)) {
                throw new IllegalArgumentException("unknown controller \"" + bare + "\"; known: " + String.join(", ", KNOWN.keySet()));
            }
        }
        List<Controller> list = new ArrayList<>();
        KNOWN.forEach((name, factory) -> {
            if (options.enabled(name)) {
                list.add(factory.apply(options));
            }
        });
        return list;
    }
}
