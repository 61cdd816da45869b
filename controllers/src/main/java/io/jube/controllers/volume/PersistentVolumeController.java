package io.jube.controllers.volume;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.Keys;
import io.jube.controllers.framework.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kubernetes' PersistentVolume binder with a built-in local-path provisioner (as k3s ships one): binds claims to the
 * smallest matching Available volume ({@code pv.spec.claimRef} + {@code pvc.spec.volumeName}), provisions hostPath
 * volumes under a data directory for claims of the {@code local-path} class on the node the scheduler selected,
 * keeps the Available/Bound/Released/Lost phases, reclaims released volumes (Delete or Retain), gives claims without
 * a class the default class (retroactive default StorageClass), and creates the default {@code local-path}
 * StorageClass if it is missing.
 */
public final class PersistentVolumeController implements Controller {
    public static final String NAME = "persistentvolume-binder";
    public static final String LOCAL_PATH_CLASS = "local-path";
    public static final String PROVISIONER = "rancher.io/local-path";
    public static final String JUBE_PROVISIONER = "jube.io/local-path";
    public static final String DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
    public static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    static final String BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
    static final String BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
    static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
    private static final String CLAIM = "claim|";
    private static final String VOLUME = "volume|";
    private static final String ENSURE_CLASS = "class|" + LOCAL_PATH_CLASS;

    private final Path dataDir;
    private ControllerContext ctx;
    private KubernetesClient client;
    private SharedIndexInformer<PersistentVolumeClaim> claims;
    private SharedIndexInformer<PersistentVolume> volumes;
    private SharedIndexInformer<StorageClass> classes;

    public PersistentVolumeController() {
        this(Path.of("/var/lib/jube/storage"));
    }

    /** @param dataDir where provisioned local-path volumes live on the nodes */
    public PersistentVolumeController(Path dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setup(ControllerContext ctx) {
        this.ctx = ctx;
        this.client = ctx.client();
        this.claims = ctx.informer(PersistentVolumeClaim.class);
        this.volumes = ctx.informer(PersistentVolume.class);
        this.classes = ctx.informer(StorageClass.class);
        ctx.watch(PersistentVolumeClaim.class, e -> {
            List<String> keys = new ArrayList<>(List.of(CLAIM + Keys.of(e.object())));
            String vol = e.object().getSpec().getVolumeName();
            if (vol != null && !vol.isEmpty()) {
                keys.add(VOLUME + vol); // a deleted claim releases its volume
            }
            return keys;
        });
        ctx.watch(PersistentVolume.class, e -> {
            List<String> keys = new ArrayList<>(List.of(VOLUME + e.object().getMetadata().getName()));
            ObjectReference ref = e.object().getSpec().getClaimRef();
            if (ref != null) {
                keys.add(CLAIM + Keys.of(ref.getNamespace(), ref.getName()));
            }
            return keys;
        });
        ctx.watch(StorageClass.class, e -> {
            // a new default class may complete claims waiting without a class
            List<String> keys = new ArrayList<>();
            for (PersistentVolumeClaim c : claims.getIndexer().list()) {
                if (c.getSpec().getVolumeName() == null || c.getSpec().getVolumeName().isEmpty()) {
                    keys.add(CLAIM + Keys.of(c));
                }
            }
            return keys;
        });
        ctx.enqueue(ENSURE_CLASS);
    }

    @Override
    public Result reconcile(String key) {
        if (key.equals(ENSURE_CLASS)) {
            ensureDefaultClass();
        } else if (key.startsWith(CLAIM)) {
            syncClaim(key.substring(CLAIM.length()));
        } else if (key.startsWith(VOLUME)) {
            syncVolume(key.substring(VOLUME.length()));
        }
        return Result.done();
    }

    private void ensureDefaultClass() {
        if (client.storage().v1().storageClasses().withName(LOCAL_PATH_CLASS).get() != null) {
            return;
        }
        StorageClass sc = new StorageClassBuilder().withNewMetadata().withName(LOCAL_PATH_CLASS)
                .withAnnotations(Map.of(DEFAULT_CLASS, "true")).endMetadata()
                .withProvisioner(PROVISIONER).withReclaimPolicy("Delete").withVolumeBindingMode("WaitForFirstConsumer")
                .build();
        try {
            client.storage().v1().storageClasses().resource(sc).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    private StorageClass defaultClass() {
        StorageClass best = null;
        for (StorageClass sc : classes.getIndexer().list()) {
            Map<String, String> a = sc.getMetadata().getAnnotations();
            if (a != null && "true".equals(a.get(DEFAULT_CLASS))
                    && (best == null || sc.getMetadata().getCreationTimestamp().compareTo(best.getMetadata().getCreationTimestamp()) > 0)) {
                best = sc; // several defaults: the newest wins, as in Kubernetes
            }
        }
        return best;
    }

    private void syncClaim(String key) {
        PersistentVolumeClaim pvc = claims.getIndexer().getByKey(key);
        if (pvc == null || pvc.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String volumeName = pvc.getSpec().getVolumeName();
        if (volumeName != null && !volumeName.isEmpty()) {
            PersistentVolume pv = volumes.getIndexer().getByKey(volumeName);
            if (pv == null) {
                setClaimPhase(pvc, "Lost", null);
                ctx.recorder().warning(pvc, "ClaimLost", "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
                return;
            }
            ObjectReference ref = pv.getSpec().getClaimRef();
            if (ref == null || ref.getUid() == null || ref.getUid().isEmpty()) {
                bindVolume(pv, pvc); // the user named the volume in the claim: finish the binding from the PV side
                pv = volumes.getIndexer().getByKey(volumeName);
            } else if (!ref.getUid().equals(pvc.getMetadata().getUid())) {
                ctx.recorder().warning(pvc, "FailedBinding", "volume \"" + volumeName + "\" already bound to a different claim.");
                return;
            }
            setClaimPhase(pvc, "Bound", pv);
            return;
        }
        if (pvc.getSpec().getStorageClassName() == null) {
            StorageClass def = defaultClass();
            if (def != null) {
                try {
                    client.persistentVolumeClaims().inNamespace(pvc.getMetadata().getNamespace()).withName(pvc.getMetadata().getName())
                            .edit(c -> {
                                if (c.getSpec().getStorageClassName() == null) {
                                    c.getSpec().setStorageClassName(def.getMetadata().getName());
                                }
                                return c;
                            });
                    return; // the update brings the claim back with its class
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 422) {
                        throw e;
                    }
                    // the API refuses the class change: go on as a claim without class (static volumes only)
                    ctx.recorder().warning(pvc, "DefaultStorageClassFailed", "cannot set the default storage class \""
                            + def.getMetadata().getName() + "\": " + e.getMessage());
                }
            }
        }
        String className = VolumeMatcher.className(pvc);
        StorageClass sc = className.isEmpty() ? null : classes.getIndexer().getByKey(className);
        boolean waitForConsumer = sc != null && "WaitForFirstConsumer".equals(sc.getVolumeBindingMode());
        String node = pvc.getMetadata().getAnnotations() == null ? null : pvc.getMetadata().getAnnotations().get(SELECTED_NODE);
        if (waitForConsumer && node == null) {
            setClaimPhase(pvc, "Pending", null);
            ctx.recorder().normal(pvc, "WaitForFirstConsumer", "waiting for first consumer to be created before binding");
            return;
        }
        PersistentVolume pv = VolumeMatcher.best(volumes.getIndexer().list(), pvc, node);
        if (pv != null) {
            bindVolume(pv, pvc);
            bindClaim(pvc, pv.getMetadata().getName());
            return;
        }
        setClaimPhase(pvc, "Pending", null);
        if (sc != null && (PROVISIONER.equals(sc.getProvisioner()) || JUBE_PROVISIONER.equals(sc.getProvisioner()))) {
            provision(pvc, sc, node);
        } else if (sc == null) {
            ctx.recorder().normal(pvc, "FailedBinding", "no persistent volumes available for this claim and no storage class is set");
        } else {
            ctx.recorder().normal(pvc, "ExternalProvisioning", "Waiting for a volume to be created either by the external provisioner '"
                    + sc.getProvisioner() + "' or manually by the system administrator.");
        }
    }

    /** Points the volume at the claim (uid included) and marks it Bound. */
    private void bindVolume(PersistentVolume pv, PersistentVolumeClaim pvc) {
        ObjectReference ref = new ObjectReferenceBuilder().withApiVersion("v1").withKind("PersistentVolumeClaim")
                .withNamespace(pvc.getMetadata().getNamespace()).withName(pvc.getMetadata().getName())
                .withUid(pvc.getMetadata().getUid()).withResourceVersion(pvc.getMetadata().getResourceVersion()).build();
        PersistentVolume copy = new PersistentVolumeBuilder(pv).editSpec().withClaimRef(ref).endSpec().build();
        Map<String, String> ann = copy.getMetadata().getAnnotations() == null ? new HashMap<>() : new HashMap<>(copy.getMetadata().getAnnotations());
        if (pv.getSpec().getClaimRef() == null) {
            ann.put(BOUND_BY_CONTROLLER, "yes");
        }
        copy.getMetadata().setAnnotations(ann);
        PersistentVolume updated = client.persistentVolumes().resource(copy).update(); // conflicts if another claim won
        if (!"Bound".equals(phase(updated))) {
            updated.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeStatusBuilder().withPhase("Bound").build());
            client.persistentVolumes().resource(updated).updateStatus();
        }
    }

    private void bindClaim(PersistentVolumeClaim pvc, String volumeName) {
        PersistentVolumeClaim updated = client.persistentVolumeClaims().inNamespace(pvc.getMetadata().getNamespace())
                .withName(pvc.getMetadata().getName()).edit(c -> {
                    c.getSpec().setVolumeName(volumeName);
                    Map<String, String> ann = c.getMetadata().getAnnotations() == null ? new HashMap<>() : new HashMap<>(c.getMetadata().getAnnotations());
                    ann.put(BIND_COMPLETED, "yes");
                    ann.put(BOUND_BY_CONTROLLER, "yes");
                    c.getMetadata().setAnnotations(ann);
                    return c;
                });
        PersistentVolume pv = client.persistentVolumes().withName(volumeName).get();
        setClaimPhase(updated, "Bound", pv);
    }

    private void setClaimPhase(PersistentVolumeClaim pvc, String phase, PersistentVolume pv) {
        var status = pvc.getStatus();
        Map<String, Quantity> capacity = pv == null ? null : pv.getSpec().getCapacity();
        List<String> modes = pv == null ? null : pv.getSpec().getAccessModes();
        if (status != null && phase.equals(status.getPhase()) && (pv == null
                || (Objects.equals(status.getCapacity(), capacity) && Objects.equals(status.getAccessModes(), modes)))) {
            return;
        }
        client.persistentVolumeClaims().inNamespace(pvc.getMetadata().getNamespace()).withName(pvc.getMetadata().getName())
                .editStatus(c -> {
                    if (c.getStatus() == null) {
                        c.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus());
                    }
                    c.getStatus().setPhase(phase);
                    if (pv != null) {
                        c.getStatus().setCapacity(capacity);
                        c.getStatus().setAccessModes(modes);
                    }
                    return c;
                });
    }

    private void provision(PersistentVolumeClaim pvc, StorageClass sc, String node) {
        String name = "pvc-" + pvc.getMetadata().getUid();
        if (volumes.getIndexer().getByKey(name) != null) {
            return; // provisioned already; the binding follows from its claimRef
        }
        String path = dataDir.resolve(name + "_" + pvc.getMetadata().getNamespace() + "_" + pvc.getMetadata().getName()).toString();
        var b = new PersistentVolumeBuilder().withNewMetadata().withName(name)
                .withAnnotations(Map.of(PROVISIONED_BY, sc.getProvisioner())).endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", pvc.getSpec().getResources().getRequests().get("storage")))
                .withAccessModes(pvc.getSpec().getAccessModes())
                .withVolumeMode(VolumeMatcher.volumeMode(pvc.getSpec().getVolumeMode()))
                .withStorageClassName(sc.getMetadata().getName())
                .withPersistentVolumeReclaimPolicy(sc.getReclaimPolicy() == null ? "Delete" : sc.getReclaimPolicy())
                .withNewHostPath().withPath(path).withType("DirectoryOrCreate").endHostPath()
                .withNewClaimRef().withApiVersion("v1").withKind("PersistentVolumeClaim")
                .withNamespace(pvc.getMetadata().getNamespace()).withName(pvc.getMetadata().getName())
                .withUid(pvc.getMetadata().getUid()).endClaimRef()
                .endSpec();
        if (node != null) {
            b.editSpec().withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                    .withKey("kubernetes.io/hostname").withOperator("In").withValues(node).endMatchExpression()
                    .endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec();
        }
        try {
            client.persistentVolumes().resource(b.build()).create();
            ctx.recorder().normal(pvc, "ProvisioningSucceeded", "Successfully provisioned volume " + name);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                ctx.recorder().warning(pvc, "ProvisioningFailed", "failed to provision volume with StorageClass \""
                        + sc.getMetadata().getName() + "\": " + e.getMessage());
                throw e;
            }
        }
    }

    private void syncVolume(String name) {
        PersistentVolume pv = volumes.getIndexer().getByKey(name);
        if (pv == null || pv.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        ObjectReference ref = pv.getSpec().getClaimRef();
        if (ref == null) {
            setVolumePhase(pv, "Available");
            return;
        }
        PersistentVolumeClaim pvc = claims.getIndexer().getByKey(Keys.of(ref.getNamespace(), ref.getName()));
        if (pvc == null) {
            // the cache may lag a new claim: ask the API before releasing
            pvc = client.persistentVolumeClaims().inNamespace(ref.getNamespace()).withName(ref.getName()).get();
        }
        boolean claimGone = ref.getUid() != null && !ref.getUid().isEmpty()
                && (pvc == null || !ref.getUid().equals(pvc.getMetadata().getUid()));
        if (!claimGone) {
            if (ref.getUid() != null && !ref.getUid().isEmpty()) {
                setVolumePhase(pv, "Bound");
            } else {
                setVolumePhase(pv, "Available"); // pre-bound by name: waits for its claim
            }
            return;
        }
        setVolumePhase(pv, "Released");
        String policy = pv.getSpec().getPersistentVolumeReclaimPolicy() == null ? "Retain" : pv.getSpec().getPersistentVolumeReclaimPolicy();
        if ("Delete".equals(policy)) {
            client.persistentVolumes().withName(name).delete();
        } else if ("Recycle".equals(policy)) {
            ctx.recorder().warning(pv, "VolumeFailedRecycle", "Recycle reclaim policy is not supported");
        }
    }

    private void setVolumePhase(PersistentVolume pv, String phase) {
        if (phase.equals(phase(pv))) {
            return;
        }
        client.persistentVolumes().withName(pv.getMetadata().getName()).editStatus(v -> {
            if (v.getStatus() == null) {
                v.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeStatus());
            }
            v.getStatus().setPhase(phase);
            return v;
        });
    }

    private static String phase(PersistentVolume pv) {
        return pv.getStatus() == null ? null : pv.getStatus().getPhase();
    }
}
