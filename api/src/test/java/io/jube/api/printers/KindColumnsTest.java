package io.jube.api.printers;

import static io.jube.api.printers.Rows.ago;
import static io.jube.api.printers.Rows.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.jube.api.catalogue.Catalogue;
import io.jube.api.catalogue.ResourceDef;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KindColumnsTest {
    private static Map<String, Object> row(String group, String kind, String obj) {
        return Rows.row(Printers.columns(group, kind), json(obj));
    }

    @Test
    void everyBuiltInResourceHasNamedColumns() {
        for (ResourceDef r : Catalogue.builtIn().all()) {
            assertThat(r.columns()).as(r.kind()).isNotEmpty();
            assertThat(r.columns()).as(r.kind()).anyMatch(c -> c.name().equals("Name") && c.format().equals("name"));
        }
    }

    @Test
    void serviceTypesAndPorts() {
        Map<String, Object> np = row("", "Service", "{'metadata':{'name':'web'},'spec':{'type':'NodePort','clusterIPs':['10.96.0.10'],"
                + "'ports':[{'port':80,'nodePort':30080,'protocol':'TCP'},{'port':53,'protocol':'UDP'}],'selector':{'app':'web','tier':'fe'}}}");
        assertThat(np).containsEntry("Type", "NodePort").containsEntry("Cluster-IP", "10.96.0.10")
                .containsEntry("External-IP", "<none>").containsEntry("Port(s)", "80:30080/TCP,53/UDP")
                .containsEntry("Selector", "app=web,tier=fe");
        assertThat(row("", "Service", "{'metadata':{'name':'lb'},'spec':{'type':'LoadBalancer','clusterIPs':['10.0.0.1'],"
                + "'ports':[{'port':443,'nodePort':30443,'protocol':'TCP'}]}}"))
                .containsEntry("External-IP", "<pending>").containsEntry("Port(s)", "443:30443/TCP").containsEntry("Selector", "<none>");
        assertThat(row("", "Service", "{'metadata':{'name':'lb'},'spec':{'type':'LoadBalancer','externalIPs':['1.2.3.4']},"
                + "'status':{'loadBalancer':{'ingress':[{'ip':'5.6.7.8'},{'hostname':'lb.example.com'}]}}}"))
                .containsEntry("External-IP", "5.6.7.8,lb.example.com,1.2.3.4").containsEntry("Cluster-IP", "<none>")
                .containsEntry("Port(s)", "<none>");
        assertThat(row("", "Service", "{'metadata':{'name':'x'},'spec':{'type':'ExternalName','externalName':'db.example.com'}}"))
                .containsEntry("External-IP", "db.example.com");
    }

    @Test
    void endpointsListCutAtThree() {
        assertThat(row("", "Endpoints", "{'metadata':{'name':'e'},'subsets':[{'addresses':[{'ip':'10.0.0.1'},{'ip':'10.0.0.2'}],"
                + "'ports':[{'port':80},{'port':443}]}]}")).containsEntry("Endpoints", "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...");
        assertThat(row("", "Endpoints", "{'metadata':{'name':'e'}}")).containsEntry("Endpoints", "<none>");
        assertThat(row("", "Endpoints", "{'metadata':{'name':'e'},'subsets':[{'addresses':[{'ip':'fd00::1'}],'ports':[{'port':80}]}]}"))
                .containsEntry("Endpoints", "[fd00::1]:80");
    }

    @Test
    void nodeStatusRolesAndWideColumns() {
        Map<String, Object> r = row("", "Node", "{'metadata':{'name':'n1','labels':{'node-role.kubernetes.io/control-plane':'',"
                + "'kubernetes.io/role':'master'}},'spec':{'unschedulable':true},'status':{'conditions':[{'type':'Ready','status':'True'}],"
                + "'addresses':[{'type':'InternalIP','address':'192.168.1.5'}],'nodeInfo':{'kubeletVersion':'v1.32.0','osImage':'Debian'}}}");
        assertThat(r).containsEntry("Status", "Ready,SchedulingDisabled").containsEntry("Roles", "control-plane,master")
                .containsEntry("Version", "v1.32.0").containsEntry("Internal-IP", "192.168.1.5").containsEntry("External-IP", "<none>")
                .containsEntry("OS-Image", "Debian").containsEntry("Kernel-Version", "<unknown>");
        assertThat(row("", "Node", "{'metadata':{'name':'n2'},'status':{'conditions':[{'type':'Ready','status':'Unknown'}]}}"))
                .containsEntry("Status", "NotReady").containsEntry("Roles", "<none>");
        assertThat(row("", "Node", "{'metadata':{'name':'n3'}}")).containsEntry("Status", "Unknown");
    }

    @Test
    void deploymentReplicaSetStatefulSetDaemonSet() {
        String template = "'template':{'spec':{'containers':[{'name':'app','image':'nginx:1.27'},{'name':'log','image':'busybox'}]}}";
        assertThat(row("apps", "Deployment", "{'metadata':{'name':'d'},'spec':{'replicas':3,'selector':{'matchLabels':{'app':'d'}},"
                + template + "},'status':{'readyReplicas':2,'updatedReplicas':3,'availableReplicas':2}}"))
                .containsEntry("Ready", "2/3").containsEntry("Up-to-date", 3L).containsEntry("Available", 2L)
                .containsEntry("Containers", "app,log").containsEntry("Images", "nginx:1.27,busybox").containsEntry("Selector", "app=d");
        assertThat(row("apps", "ReplicaSet", "{'metadata':{'name':'rs'},'spec':{'replicas':2,'selector':{'matchExpressions':"
                + "[{'key':'app','operator':'In','values':['a','b']}]}," + template + "},'status':{'replicas':2,'readyReplicas':1}}"))
                .containsEntry("Desired", 2L).containsEntry("Current", 2L).containsEntry("Ready", 1L)
                .containsEntry("Selector", "app in (a,b)");
        assertThat(row("apps", "StatefulSet", "{'metadata':{'name':'s'},'spec':{'replicas':3," + template + "},'status':{'readyReplicas':3}}"))
                .containsEntry("Ready", "3/3");
        assertThat(row("apps", "DaemonSet", "{'metadata':{'name':'ds'},'spec':{'selector':{'matchLabels':{'k':'v'}},'template':"
                + "{'spec':{'nodeSelector':{'kubernetes.io/os':'linux'},'containers':[]}}},'status':{'desiredNumberScheduled':3,"
                + "'currentNumberScheduled':3,'numberReady':2,'updatedNumberScheduled':3,'numberAvailable':2}}"))
                .containsEntry("Desired", 3L).containsEntry("Ready", 2L).containsEntry("Node Selector", "kubernetes.io/os=linux")
                .containsEntry("Selector", "k=v");
        assertThat(Rows.names(Printers.columns("apps", "StatefulSet"), 1)).containsExactly("Containers", "Images");
    }

    @Test
    void jobStatusCompletionsDuration() {
        Map<String, Object> done = row("batch", "Job", "{'metadata':{'name':'j'},'spec':{'completions':1,'template':{'spec':{'containers':[]}}},"
                + "'status':{'succeeded':1,'startTime':'2024-01-01T00:00:00Z','completionTime':'2024-01-01T00:00:42Z',"
                + "'conditions':[{'type':'Complete','status':'True'}]}}");
        assertThat(done).containsEntry("Status", "Complete").containsEntry("Completions", "1/1").containsEntry("Duration", "42s");
        Map<String, Object> running = row("batch", "Job", "{'metadata':{'name':'j'},'spec':{'parallelism':3},"
                + "'status':{'startTime':'" + ago(Duration.ofMinutes(30)) + "'}}");
        assertThat(running).containsEntry("Status", "Running").containsEntry("Completions", "0/1 of 3").containsEntry("Duration", "30m");
        assertThat(row("batch", "Job", "{'metadata':{'name':'j'},'status':{'conditions':[{'type':'Suspended','status':'True'}]}}"))
                .containsEntry("Status", "Suspended").containsEntry("Duration", "");
        assertThat(row("batch", "Job", "{'metadata':{'name':'j'},'status':{'conditions':[{'type':'Failed','status':'True'}]}}"))
                .containsEntry("Status", "Failed");
        assertThat(Rows.names(Printers.columns("batch", "Job"), 0)).containsExactly("Name", "Status", "Completions", "Duration", "Age");
    }

    @Test
    void cronJob() {
        Map<String, Object> r = row("batch", "CronJob", "{'metadata':{'name':'c'},'spec':{'schedule':'*/5 * * * *','suspend':false,"
                + "'jobTemplate':{'spec':{'template':{'spec':{'containers':[{'name':'x','image':'busybox'}]}}}}},"
                + "'status':{'active':[{'name':'c-1'}],'lastScheduleTime':'" + ago(Duration.ofMinutes(20)) + "'}}");
        assertThat(r).containsEntry("Schedule", "*/5 * * * *").containsEntry("Timezone", "<none>").containsEntry("Suspend", "False")
                .containsEntry("Active", 1L).containsEntry("Last Schedule", "20m").containsEntry("Images", "busybox")
                .containsEntry("Selector", "<none>");
    }

    @Test
    void eventColumns() {
        assertThat(Rows.names(Printers.columns("", "Event"), 0)).containsExactly("Last Seen", "Type", "Reason", "Object", "Message");
        assertThat(Rows.names(Printers.columns("", "Event"), 1)).containsExactly("Subobject", "Source", "First Seen", "Count", "Name");
        Map<String, Object> r = row("", "Event", "{'apiVersion':'v1','metadata':{'name':'web.1'},'type':'Warning','reason':'BackOff',"
                + "'involvedObject':{'kind':'Pod','name':'web','fieldPath':'spec.containers{app}'},'message':' Back-off \\n',"
                + "'source':{'component':'kubelet','host':'n1'},'firstTimestamp':'" + ago(Duration.ofHours(50)) + "',"
                + "'lastTimestamp':'" + ago(Duration.ofMinutes(20)) + "','count':4}");
        assertThat(r).containsEntry("Last Seen", "20m").containsEntry("First Seen", "2d2h").containsEntry("Object", "pod/web")
                .containsEntry("Message", "Back-off").containsEntry("Source", "kubelet, n1").containsEntry("Count", 4L)
                .containsEntry("Subobject", "spec.containers{app}").containsEntry("Name", "web.1");
        Map<String, Object> newApi = row("events.k8s.io", "Event", "{'apiVersion':'events.k8s.io/v1','metadata':{'name':'e'},"
                + "'regarding':{'kind':'Node','name':'n1'},'note':'hi','reportingController':'ctrl','reportingInstance':'i1',"
                + "'eventTime':'" + ago(Duration.ofMinutes(20)) + "'}");
        assertThat(newApi).containsEntry("Last Seen", "20m").containsEntry("Count", 1L).containsEntry("Object", "node/n1")
                .containsEntry("Source", "ctrl, i1").containsEntry("Message", "hi");
    }

    @Test
    void storageKinds() {
        assertThat(row("", "PersistentVolume", "{'metadata':{'name':'pv1'},'spec':{'capacity':{'storage':'10Gi'},"
                + "'accessModes':['ReadWriteMany','ReadWriteOnce'],'persistentVolumeReclaimPolicy':'Retain','storageClassName':'fast',"
                + "'claimRef':{'namespace':'ns','name':'data'},'volumeMode':'Filesystem'},'status':{'phase':'Bound'}}"))
                .containsEntry("Capacity", "10Gi").containsEntry("Access Modes", "RWO,RWX").containsEntry("Reclaim Policy", "Retain")
                .containsEntry("Status", "Bound").containsEntry("Claim", "ns/data").containsEntry("StorageClass", "fast")
                .containsEntry("VolumeAttributesClass", "<unset>").containsEntry("Reason", "").containsEntry("VolumeMode", "Filesystem");
        assertThat(row("", "PersistentVolumeClaim", "{'metadata':{'name':'c'},'spec':{'storageClassName':'fast'},'status':{'phase':'Pending'}}"))
                .containsEntry("Status", "Pending").containsEntry("Volume", "").containsEntry("Capacity", "")
                .containsEntry("Access Modes", "").containsEntry("StorageClass", "fast").containsEntry("VolumeMode", "<unset>");
        assertThat(row("", "PersistentVolumeClaim", "{'metadata':{'name':'c','deletionTimestamp':'2024-01-01T00:00:00Z'},"
                + "'spec':{'volumeName':'pv1'},'status':{'phase':'Bound','capacity':{'storage':'1Gi'},'accessModes':['ReadWriteOncePod']}}"))
                .containsEntry("Status", "Terminating").containsEntry("Capacity", "1Gi").containsEntry("Access Modes", "RWOP");
        assertThat(row("storage.k8s.io", "StorageClass", "{'metadata':{'name':'standard','annotations':"
                + "{'storageclass.kubernetes.io/is-default-class':'true'}},'provisioner':'rancher.io/local-path'}"))
                .containsEntry("Name", "standard (default)").containsEntry("ReclaimPolicy", "Delete")
                .containsEntry("VolumeBindingMode", "Immediate").containsEntry("AllowVolumeExpansion", false);
    }

    @Test
    void configSecretsAccountsNamespacesQuota() {
        assertThat(row("", "ConfigMap", "{'metadata':{'name':'c'},'data':{'a':'1','b':'2'},'binaryData':{'c':'AA=='}}")).containsEntry("Data", 3L);
        assertThat(row("", "Secret", "{'metadata':{'name':'s'},'type':'Opaque','data':{'a':'MQ=='}}"))
                .containsEntry("Type", "Opaque").containsEntry("Data", 1L);
        assertThat(row("", "ServiceAccount", "{'metadata':{'name':'default'}}")).containsEntry("Secrets", 0L);
        assertThat(row("", "Namespace", "{'metadata':{'name':'x'},'status':{'phase':'Active'}}")).containsEntry("Status", "Active");
        assertThat(row("", "ResourceQuota", "{'metadata':{'name':'q'},'status':{'hard':{'requests.cpu':'1','limits.memory':'2Gi',"
                + "'pods':'10'},'used':{'requests.cpu':'500m','pods':'3'}}}"))
                .containsEntry("Request", "pods: 3/10, requests.cpu: 500m/1").containsEntry("Limit", "limits.memory: 0/2Gi");
    }

    @Test
    void networkingAndMiscKinds() {
        assertThat(row("networking.k8s.io", "Ingress", "{'metadata':{'name':'i'},'spec':{'ingressClassName':'nginx','rules':"
                + "[{'host':'a.com'},{'host':'b.com'},{},{'host':'c.com'},{'host':'d.com'}],'tls':[{}]},"
                + "'status':{'loadBalancer':{'ingress':[{'ip':'1.1.1.1'}]}}}"))
                .containsEntry("Class", "nginx").containsEntry("Hosts", "a.com,b.com,c.com + 2 more...")
                .containsEntry("Address", "1.1.1.1").containsEntry("Ports", "80, 443");
        assertThat(row("networking.k8s.io", "Ingress", "{'metadata':{'name':'i'},'spec':{}}"))
                .containsEntry("Class", "<none>").containsEntry("Hosts", "*").containsEntry("Ports", "80");
        assertThat(row("networking.k8s.io", "NetworkPolicy", "{'metadata':{'name':'np'},'spec':{'podSelector':{}}}"))
                .containsEntry("Pod-Selector", "<none>");
        assertThat(row("discovery.k8s.io", "EndpointSlice", "{'metadata':{'name':'es'},'addressType':'IPv4','ports':[{'port':80},"
                + "{'name':'dns'}],'endpoints':[{'addresses':['10.0.0.1']},{'addresses':['10.0.0.2']}]}"))
                .containsEntry("AddressType", "IPv4").containsEntry("Ports", "80,dns").containsEntry("Endpoints", "10.0.0.1,10.0.0.2");
        assertThat(row("discovery.k8s.io", "EndpointSlice", "{'metadata':{'name':'es'}}")).containsEntry("Ports", "<unset>");
        assertThat(row("rbac.authorization.k8s.io", "RoleBinding", "{'metadata':{'name':'rb'},'roleRef':{'kind':'ClusterRole','name':'view'},"
                + "'subjects':[{'kind':'User','name':'alice'},{'kind':'User','name':'bob'},{'kind':'ServiceAccount','name':'sa','namespace':'ns'}]}"))
                .containsEntry("Role", "ClusterRole/view").containsEntry("Users", "alice, bob").containsEntry("Groups", "")
                .containsEntry("ServiceAccounts", "ns/sa");
        assertThat(row("apps", "ControllerRevision", "{'metadata':{'name':'web-6d4','ownerReferences':[{'apiVersion':'apps/v1',"
                + "'kind':'StatefulSet','name':'web','controller':true}]},'revision':2}"))
                .containsEntry("Controller", "statefulset.apps/web").containsEntry("Revision", 2L);
        assertThat(row("scheduling.k8s.io", "PriorityClass", "{'metadata':{'name':'high'},'value':1000,'preemptionPolicy':'Never'}"))
                .containsEntry("Value", 1000L).containsEntry("Global-Default", false).containsEntry("PreemptionPolicy", "Never");
        assertThat(row("policy", "PodDisruptionBudget", "{'metadata':{'name':'p'},'spec':{'minAvailable':'50%'},'status':{'disruptionsAllowed':1}}"))
                .containsEntry("Min Available", "50%").containsEntry("Max Unavailable", "N/A").containsEntry("Allowed Disruptions", 1L);
        assertThat(row("coordination.k8s.io", "Lease", "{'metadata':{'name':'l'},'spec':{'holderIdentity':'node-1'}}"))
                .containsEntry("Holder", "node-1");
    }

    @Test
    void hpaTargetsInBothVersions() {
        assertThat(row("autoscaling", "HorizontalPodAutoscaler", "{'apiVersion':'autoscaling/v2','metadata':{'name':'h'},"
                + "'spec':{'scaleTargetRef':{'kind':'Deployment','name':'web'},'maxReplicas':10,'metrics':["
                + "{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':80}}},"
                + "{'type':'Resource','resource':{'name':'memory','target':{'type':'AverageValue','averageValue':'200Mi'}}},"
                + "{'type':'Pods','pods':{'metric':{'name':'qps'},'target':{'type':'AverageValue','averageValue':'10'}}}]},"
                + "'status':{'currentReplicas':2,'currentMetrics':[{'type':'Resource','resource':{'name':'cpu','current':{'averageUtilization':45}}}]}}"))
                .containsEntry("Reference", "Deployment/web").containsEntry("Targets", "cpu: 45%/80%, memory: <unknown>/200Mi + 1 more...")
                .containsEntry("MinPods", "<unset>").containsEntry("MaxPods", 10L).containsEntry("Replicas", 2L);
        assertThat(row("autoscaling", "HorizontalPodAutoscaler", "{'apiVersion':'autoscaling/v1','metadata':{'name':'h'},"
                + "'spec':{'minReplicas':1,'targetCPUUtilizationPercentage':50}}"))
                .containsEntry("Targets", "cpu: <unknown>/50%").containsEntry("MinPods", "1");
        assertThat(row("autoscaling", "HorizontalPodAutoscaler", "{'metadata':{'name':'h'},'spec':{}}")).containsEntry("Targets", "<none>");
    }

    @Test
    void kindsWithoutPrinterUseCreatedAt() {
        Map<String, Object> r = row("rbac.authorization.k8s.io", "Role", "{'metadata':{'name':'r','creationTimestamp':'2024-03-01T10:00:00Z'}}");
        assertThat(r).containsOnlyKeys("Name", "Created At").containsEntry("Created At", "2024-03-01T10:00:00Z");
        assertThat(Printers.columns("", "LimitRange").get(1).type()).isEqualTo("date");
        assertThat(Rows.names(Printers.columns("", "PodTemplate"), 0)).containsExactly("Name", "Containers", "Images", "Pod Labels");
    }
}
