import Testing
import Totem
import VoteQuorum

/// Brute force over every 2-partition of clusters of 3 to 7 nodes, with every option
/// combination that promises a single quorate partition (all but two_node): after the split,
/// and again after the last_man_standing window, at most one side may hold a quorate node.
@Suite struct PartitionSafetyTests {
    static let tieBreakers: [(Bool, String?)] = [(false, nil), (true, nil), (true, "highest"), (true, "2 1")]

    static func optionSets(nodes n: Int) -> [VoteQuorumOptions] {
        var result: [VoteQuorumOptions] = []
        for waitForAll in [false, true] {
            for lastManStanding in [false, true] {
                for (atb, atbNode) in tieBreakers {
                    for downscale in [false, true] {
                        result.append(VoteQuorumOptions(
                            nodelist: nodelist((1...UInt32(n)).map { $0 }), waitForAll: waitForAll,
                            lastManStanding: lastManStanding, autoTieBreaker: atb, autoTieBreakerNode: atbNode,
                            allowDownscale: downscale))
                    }
                }
            }
        }
        return result
    }

    @Test(arguments: 3...7)
    func atMostOneQuoratePartition(nodes n: Int) throws {
        var checked = 0
        for options in Self.optionSets(nodes: n) {
            guard (try? options.resolve(localNodeID: 1)) != nil else { continue }  // fatal config
            for mask in 1..<(1 << n) where mask & 1 == 1 && mask != (1 << n) - 1 {
                let all = ids(n)
                let left = all.filter { mask & (1 << (Int($0.rawValue) - 1)) != 0 }
                let right = all.filter { !left.contains($0) }
                var cluster = try TestCluster(options, nodes: all)
                cluster.form([all])
                #expect(all.allSatisfy { cluster.quorate($0) }, "\(n) nodes, \(options) not quorate together")
                cluster.form([left, right])
                let sides = [left, right].filter { side in side.contains { cluster.quorate($0) } }
                #expect(sides.count <= 1, "split \(left) | \(right) with \(options): both quorate")
                cluster.advance(options.lastManStandingWindow)
                let later = [left, right].filter { side in side.contains { cluster.quorate($0) } }
                #expect(later.count <= 1, "after LMS window, split \(left) | \(right) with \(options): both quorate")
                // A majority side always stays quorate.
                for side in [left, right] where side.count * 2 > n {
                    #expect(side.allSatisfy { cluster.quorate($0) }, "majority \(side) of \(n) lost quorum with \(options)")
                }
                checked += 1
            }
        }
        #expect(checked > 0)
    }
}
