import Foundation

/// Finding and building what the bench runs.
enum Setup {
    /// Compiles the C programs into `<output>/bin` and locates our binaries (`binaries`, default
    /// next to totem-bench; `baseline`, another build) and corosync.
    static func tools(output: String, realtime: Bool, binaries: String?, baseline: String?) throws -> Tools {
        let bin = "\(output)/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let source = sourceDirectory()
        let ring = runCommand(["/usr/bin/cc", "-O2", "-o", "\(bin)/udp_ring", "\(source)/udp_ring.c"])
        guard ring.status == 0 else { throw BenchError("cc udp_ring.c: \(ring.output)") }
        let stall = runCommand(["/usr/bin/cc", "-O2", "-o", "\(bin)/stall_probe", "\(source)/stall_probe.c"])
        guard stall.status == 0 else { throw BenchError("cc stall_probe.c: \(stall.output)") }
        let cpg = runCommand(["/usr/bin/cc", "-O2", "-o", "\(bin)/cpg_load", "\(source)/cpg_load.c", "-lcpg"])
        if cpg.status != 0 { progress("cpg_load not built (apt-get install libcpg-dev): corosync throughput skipped") }
        let watch = runCommand(["/usr/bin/cc", "-O2", "-o", "\(bin)/vq_watch", "\(source)/vq_watch.c", "-lvotequorum"])
        if watch.status != 0 {
            progress("vq_watch not built (apt-get install libvotequorum-dev): corosync quorum latency skipped")
        }
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().path
        let ours = Binaries(directory: binaries ?? here)
        guard FileManager.default.isExecutableFile(atPath: ours.probe) else {
            throw BenchError("\(ours.probe) is missing: run `swift build -c release --product totem-probe` first")
        }
        let other = baseline.map { Binaries(directory: $0) }
        if let other, !FileManager.default.isExecutableFile(atPath: other.probe) {
            throw BenchError("\(other.probe) is missing: build the baseline with `swift build -c release`")
        }
        func installed(_ path: String) -> String? { FileManager.default.isExecutableFile(atPath: path) ? path : nil }
        return Tools(ours: ours, baseline: other, udpRing: "\(bin)/udp_ring", stallProbe: "\(bin)/stall_probe",
                     cpgLoad: cpg.status == 0 ? "\(bin)/cpg_load" : nil, corosync: installed("/usr/sbin/corosync"),
                     corosyncQuorumtool: installed("/usr/sbin/corosync-quorumtool"),
                     vqWatch: watch.status == 0 ? "\(bin)/vq_watch" : nil, realtime: realtime,
                     namespaced: getuid() == 0)
    }

    /// Bench/c, found from this source file or the working directory.
    static func sourceDirectory() -> String {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("c").path
        return FileManager.default.fileExists(atPath: "\(here)/udp_ring.c") ? here : "Bench/c"
    }

    /// The scheduling class each system ran in.
    static func scheduling(realtime: Bool) -> [String: String] {
        realtime
            ? ["totem": "SCHED_RR 99 (chrt -r 99)", "baseline": "SCHED_RR 99 (chrt -r 99)",
               "corosync": "SCHED_RR 99 (its default)", "floor": "SCHED_RR 99 (chrt -r 99)",
               "clients": "cpg_load SCHED_RR 99 (chrt -r 99)"]
            : ["totem": "SCHED_OTHER", "baseline": "SCHED_OTHER", "corosync": "SCHED_OTHER (system.sched_rr: no)",
               "floor": "SCHED_OTHER", "clients": "cpg_load SCHED_OTHER"]
    }
}
