import Foundation
import TestSupport
import Testing

extension LibQBCMapInteropTests {
    @Test func strangersAreRefusedAndMalformedRequestsAnswered() async throws {
        try await offPool { try Self.strangersAreRefusedAndMalformedRequestsAnsweredBody() }
    }

    static func strangersAreRefusedAndMalformedRequestsAnsweredBody() throws {
        if skipped("strangersAreRefusedAndMalformedRequestsAnswered") { return }
        let sandbox = try Sandbox(prefix: "tqc")
        defer { sandbox.close() }
        guard let node = try node(sandbox, name: "libqb3") else { return }
        let nobody = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", LibQBNode.stockTool]
        let refused = sandbox.exec(nobody + ["-g", "totem.cluster_name"])
        #expect(refused.status == 1 && refused.output == "Failed to initialize the cmap API. Error CS_ERR_ACCESS\n")
        #expect(node.stock(["-s", "uidgid.uid.65534", "u8", "1"]).status == 0)
        let allowed = sandbox.exec(nobody + ["-g", "totem.cluster_name"])
        #expect(allowed.status == 0 && allowed.output == "totem.cluster_name (str) = libqb3\n", "\(allowed)")
        try rawRequestsAreAnswered(sandbox)
        #expect(sandbox.isRunning("node1"), "totemd died:\n\(sandbox.log("node1"))")
        // A clean stop: exit status 0 and no shared-memory rings left behind.
        guard let process = sandbox.processes["node1"] else { return }
        let pid = process.processIdentifier
        sandbox.signal("node1", SIGTERM)
        #expect(process.terminationStatus == 0, "\(sandbox.log("node1"))")
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: "/dev/shm"))?.filter {
            $0.hasPrefix("qb-\(pid)-")
        }
        #expect(leftovers == [], "shared memory left by totemd: \(leftovers ?? [])")
    }

    /// Requests libcmap never sends, through the real transport (`Resources/qb_raw_client.c`):
    /// each gets corosync's 24-byte `CS_ERR_INVALID_PARAM` refusal, the connection stays usable,
    /// and the captured stock answers to odd but valid requests are matched byte for byte.
    /// Compiles `Resources/qb_raw_client.c` into the sandbox; nil (printed) without a C
    /// compiler or libqb's headers.
    static func rawClient(_ sandbox: Sandbox) throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/cc"),
            FileManager.default.fileExists(atPath: "/usr/include/qb/qbipcc.h")
        else {
            print("LibQBCMapInteropTests: raw libqb client skipped: no C compiler or libqb-dev")
            return nil
        }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Resources/qb_raw_client.c")
        let client = sandbox.directory.appendingPathComponent("qb_raw_client").path
        try Sandbox.run("/usr/bin/cc", ["-O2", "-Wall", "-o", client, source.path, "-lqb"])
        return client
    }

    static func rawRequestsAreAnswered(_ sandbox: Sandbox) throws {
        guard let client = try rawClient(sandbox) else { return }
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let refusal = "RES 24 000000000000000018000000000000000700000000000000"
        let malformed = RawRequests.malformed
        let capture = try String(
            contentsOf: here.deletingLastPathComponent().appendingPathComponent(
                "CorosyncIPCTests/Captures/edge-cases.hex"),
            encoding: .utf8
        ).split(separator: "\n")
        let captured = capture.filter { $0.hasPrefix("REQ ") }.map { String($0.split(separator: " ")[2]) }
        let expected = capture.filter { $0.hasPrefix("RES ") }.map(String.init)
        let input = sandbox.directory.appendingPathComponent("raw-requests.hex")
        try (malformed.map(\.hex) + [RawRequests.validGet] + captured).joined(separator: "\n")
            .write(to: input, atomically: true, encoding: .utf8)
        let run = sandbox.exec(["/bin/sh", "-c", "\(client) cmap < \(input.path)"])
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "CONNECT 0", "\(run.output)")
        let answers = Array(lines.dropFirst())
        #expect(answers.count == malformed.count + 1 + expected.count, "\(run.output)")
        for (index, request) in malformed.enumerated() where index < answers.count {
            #expect(answers[index] == refusal, "\(request.what): \(answers[index])")
        }
        if answers.count > malformed.count {
            #expect(
                answers[malformed.count].hasPrefix("RES 40 0200000000000000280000000000000001000000"), "still served")
        }
        for (ours, stock) in zip(answers.dropFirst(malformed.count + 1), expected) {
            #expect(RawRequests.masked(ours) == RawRequests.masked(stock), "differs from corosync:\n\(ours)\n\(stock)")
        }
    }
}
