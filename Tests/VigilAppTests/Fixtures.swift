import Foundation
import VigilCore
@testable import VigilApp
@testable import VigilEngine
import VigilTerminal

/// A small synthetic cluster, built step by step: independent of sample-data.
enum Fixtures {
    static let t0 = Date(timeIntervalSince1970: 1_764_316_800) // 2025-11-28T08:00:00Z

    static func batch(step: Int, degraded: Bool = false, storm: Bool = false, nodeDown: Bool = false) -> MetricBatch {
        let t = t0.addingTimeInterval(Double(step) * 30)
        var s: [Sample] = []
        func add(_ name: String, _ labels: [String: String], _ v: Double) {
            s.append(Sample(name: name, labels: Labels(labels), value: v, timestamp: t))
        }
        add("cluster_version", ["type": "current", "version": "4.15.12"], 1_700_000_000)
        add("cluster_version", ["type": "desired", "version": "4.15.14"], 1_700_000_000)
        add("cluster_version", ["type": "initial", "version": "4.12.0"], t0.timeIntervalSince1970 - 86400 * 40)
        for op in ["etcd", "kube-apiserver", "ingress", "dns"] {
            let bad = degraded && (op == "etcd" || op == "kube-apiserver")
            add("cluster_operator_conditions", ["name": op, "condition": "Degraded",
                                                "reason": bad ? "NodeController_MasterNodesReady" : "AsExpected"], bad ? 1 : 0)
            add("cluster_operator_conditions", ["name": op, "condition": "Available", "reason": "AsExpected"],
                degraded && op == "kube-apiserver" ? 0 : 1)
        }
        for (node, role) in [("master-0", "master"), ("master-1", "master"), ("master-2", "master"), ("worker-0", "worker"), ("worker-1", "worker")] {
            add("kube_node_role", ["node": node, "role": role], 1)
            let ready = !(nodeDown && node == "worker-1")
            add("kube_node_status_condition", ["node": node, "condition": "Ready", "status": "true"], ready ? 1 : 0)
            add("kube_node_status_condition", ["node": node, "condition": "Ready", "status": "false"], ready ? 0 : 1)
        }
        add("up", ["job": "node-exporter", "instance": "10.0.0.5:9100"], nodeDown ? 0 : 1)
        add("up", ["job": "kubelet", "instance": "10.0.0.5:10250"], 1)
        add("cluster:capacity_cpu_cores:sum", [:], 40)
        add("cluster:cpu_usage_cores:sum", [:], 10 + Double(step % 5))
        add("apiserver_storage_objects", ["resource": "pods"], 1200)
        add("apiserver_storage_objects", ["resource": "secrets"], 800)
        // Counters: 100 req/s of 200, 1 req/s of 404; during the storm 60 req/s of 503.
        add("apiserver_request_total", ["code": "200", "verb": "GET", "resource": "pods"], Double(step) * 30 * 100)
        add("apiserver_request_total", ["code": "404", "verb": "GET", "resource": "pods"], Double(step) * 30)
        let stormSteps = storm ? Double(max(0, step - 20)) : 0
        add("apiserver_request_total", ["code": "503", "verb": "LIST", "resource": "pods"], stormSteps * 30 * 60)
        if degraded {
            add("ALERTS", ["alertname": "ClusterOperatorDegraded", "alertstate": "firing", "severity": "warning", "name": "etcd"], 1)
            add("ALERTS", ["alertname": "KubeAPIErrorsHigh", "alertstate": "firing", "severity": "critical"], 1)
        }
        add("ALERTS", ["alertname": "Watchdog", "alertstate": "firing", "severity": "none"], 1)
        return MetricBatch(timestamp: t, samples: s)
    }

    /// A model fed steps 0..<steps; the incident starts at `incidentFrom`.
    static func model(steps: Int = 40, incidentFrom: Int = 25, width: Int = 120, height: Int = 40,
                      config: AppConfig = AppConfig(theme: .fallback, glyphs: .unicode)) -> Model {
        var m = Model(config: config)
        _ = update(&m, .resize(width: width, height: height))
        for i in 0..<steps {
            let bad = i >= incidentFrom
            let b = batch(step: i, degraded: bad, storm: bad, nodeDown: bad)
            _ = update(&m, .source(.metrics(b)))
            _ = update(&m, .source(.clock(b.timestamp)))
        }
        refreshDerived(&m)
        return m
    }
}
