package io.jube.api.printers;

import static io.jube.api.printers.Rows.ago;
import static io.jube.api.printers.Rows.json;
import static io.jube.api.printers.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodColumnsTest {
    private final List<Column> cols = Printers.columns("", "Pod");

    private Map<String, Object> row(String pod) {
        return Rows.row(cols, json(pod));
    }

    @Test
    void columnDefinitionsMatchKubernetes() {
        assertThat(Rows.names(cols, 0)).containsExactly("Name", "Ready", "Status", "Restarts", "Age");
        assertThat(Rows.names(cols, 1)).containsExactly("IP", "Node", "Nominated Node", "Readiness Gates");
        assertThat(cols.get(0).format()).isEqualTo("name");
        assertThat(cols.get(3).type()).isEqualTo("string");
    }

    @Test
    void runningPod() {
        Map<String, Object> r = row("{'metadata':{'name':'web','creationTimestamp':'" + ago(Duration.ofMinutes(20)) + "'},"
                + "'spec':{'nodeName':'n1','containers':[{'name':'a'},{'name':'b'}]},"
                + "'status':{'phase':'Running','podIPs':[{'ip':'10.1.0.4'}],'conditions':[{'type':'Ready','status':'True'}],"
                + "'containerStatuses':[{'name':'a','ready':true,'restartCount':0,'state':{'running':{}}},"
                + "{'name':'b','ready':false,'restartCount':0,'state':{'running':{}}}]}}");
        assertThat(r).containsEntry("Name", "web").containsEntry("Ready", "1/2").containsEntry("Status", "Running")
                .containsEntry("Restarts", "0").containsEntry("Age", "20m").containsEntry("IP", "10.1.0.4")
                .containsEntry("Node", "n1").containsEntry("Nominated Node", "<none>")
                .containsEntry("Readiness Gates", "<none>");
    }

    @Test
    void crashLoopBackOffWithRestartAge() {
        Map<String, Object> r = row("{'metadata':{'name':'bad'},'spec':{'containers':[{'name':'a'}]},"
                + "'status':{'phase':'Running','containerStatuses':[{'name':'a','ready':false,'restartCount':5,"
                + "'state':{'waiting':{'reason':'CrashLoopBackOff'}},"
                + "'lastState':{'terminated':{'exitCode':1,'finishedAt':'" + ago(Duration.ofMinutes(25)) + "'}}}]}}");
        assertThat(r).containsEntry("Status", "CrashLoopBackOff").containsEntry("Ready", "0/1")
                .containsEntry("Restarts", "5 (25m ago)").containsEntry("Age", "<unknown>").containsEntry("IP", "<none>");
    }

    @Test
    void initContainersProgress() {
        String spec = "'spec':{'initContainers':[{'name':'i1'},{'name':'i2'}],'containers':[{'name':'a'}]}";
        assertThat(row("{'metadata':{'name':'p'}," + spec + ",'status':{'phase':'Pending','initContainerStatuses':["
                + "{'name':'i1','state':{'terminated':{'exitCode':0,'reason':'Completed'}}},"
                + "{'name':'i2','state':{'running':{}}}]}}")).containsEntry("Status", "Init:1/2");
        assertThat(row("{'metadata':{'name':'p'}," + spec + ",'status':{'phase':'Pending','initContainerStatuses':["
                + "{'name':'i1','restartCount':3,'state':{'waiting':{'reason':'CrashLoopBackOff'}}}]}}"))
                .containsEntry("Status", "Init:CrashLoopBackOff").containsEntry("Restarts", "3");
        assertThat(row("{'metadata':{'name':'p'}," + spec + ",'status':{'phase':'Pending','initContainerStatuses':["
                + "{'name':'i1','state':{'terminated':{'exitCode':2}}}]}}")).containsEntry("Status", "Init:ExitCode:2");
        assertThat(row("{'metadata':{'name':'p'}," + spec + ",'status':{'phase':'Pending','initContainerStatuses':["
                + "{'name':'i1','state':{'waiting':{'reason':'PodInitializing'}}}]}}")).containsEntry("Status", "Init:0/2");
    }

    @Test
    void sidecarInitContainersCountAsContainers() {
        Map<String, Object> r = row("{'metadata':{'name':'p'},'spec':{'initContainers':[{'name':'proxy','restartPolicy':'Always'}],"
                + "'containers':[{'name':'a'}]},'status':{'phase':'Running','conditions':[{'type':'Initialized','status':'True'}],"
                + "'initContainerStatuses':[{'name':'proxy','started':true,'ready':true,'restartCount':1,'state':{'running':{}}}],"
                + "'containerStatuses':[{'name':'a','ready':true,'restartCount':2,'state':{'running':{}}}]}}");
        assertThat(r).containsEntry("Ready", "2/2").containsEntry("Status", "Running").containsEntry("Restarts", "3");
    }

    @Test
    void completedTerminatedAndSignals() {
        assertThat(row("{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Succeeded',"
                + "'containerStatuses':[{'name':'a','state':{'terminated':{'exitCode':0,'reason':'Completed'}}}]}}"))
                .containsEntry("Status", "Completed").containsEntry("Ready", "0/1");
        assertThat(row("{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Failed',"
                + "'containerStatuses':[{'name':'a','state':{'terminated':{'exitCode':137,'signal':9}}}]}}"))
                .containsEntry("Status", "Signal:9");
        assertThat(row("{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Failed',"
                + "'containerStatuses':[{'name':'a','state':{'terminated':{'exitCode':3}}}]}}"))
                .containsEntry("Status", "ExitCode:3");
        assertThat(row("{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Failed','reason':'Evicted'}}"))
                .containsEntry("Status", "Evicted");
    }

    @Test
    void completedButAnotherContainerRunningIsRunningOrNotReady() {
        String statuses = "'containerStatuses':[{'name':'a','ready':true,'state':{'running':{}}},"
                + "{'name':'b','state':{'terminated':{'exitCode':0,'reason':'Completed'}}}]";
        assertThat(row("{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a'},{'name':'b'}]},'status':{'phase':'Running',"
                + "'conditions':[{'type':'Ready','status':'True'}]," + statuses + "}}")).containsEntry("Status", "Running");
        assertThat(row("{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a'},{'name':'b'}]},'status':{'phase':'Running',"
                + "'conditions':[{'type':'Ready','status':'False'}]," + statuses + "}}")).containsEntry("Status", "NotReady");
    }

    @Test
    void terminatingUnknownAndSchedulingGated() {
        assertThat(row("{'metadata':{'name':'p','deletionTimestamp':'2024-01-01T00:00:00Z'},'spec':{'containers':[]},"
                + "'status':{'phase':'Running'}}")).containsEntry("Status", "Terminating");
        assertThat(row("{'metadata':{'name':'p','deletionTimestamp':'2024-01-01T00:00:00Z'},'spec':{'containers':[]},"
                + "'status':{'phase':'Succeeded'}}")).containsEntry("Status", "Succeeded");
        assertThat(row("{'metadata':{'name':'p','deletionTimestamp':'2024-01-01T00:00:00Z'},'spec':{'containers':[]},"
                + "'status':{'phase':'Running','reason':'NodeLost'}}")).containsEntry("Status", "Unknown");
        assertThat(row("{'metadata':{'name':'p'},'spec':{'containers':[]},'status':{'phase':'Pending','conditions':["
                + "{'type':'PodScheduled','status':'False','reason':'SchedulingGated'}]}}")).containsEntry("Status", "SchedulingGated");
    }

    @Test
    void readinessGatesAndNominatedNode() {
        Map<String, Object> r = row("{'metadata':{'name':'p'},'spec':{'containers':[],'readinessGates':[{'conditionType':'a/x'},"
                + "{'conditionType':'a/y'}]},'status':{'phase':'Pending','nominatedNodeName':'n2','conditions':["
                + "{'type':'a/x','status':'True'},{'type':'a/y','status':'False'}]}}");
        assertThat(r).containsEntry("Readiness Gates", "1/2").containsEntry("Nominated Node", "n2");
    }
}
