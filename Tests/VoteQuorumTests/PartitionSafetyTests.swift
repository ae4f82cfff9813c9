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

/// The same property with uneven votes (0-3 per node, seeded). auto_tie_breaker is left out:
/// its guard counts members, not votes, so with uneven votes corosync itself can make two
/// partitions quorate (pinned in `tieBreakerWithUnevenVotesCanSplitBrainLikeCorosync`).
/// last_man_standing disables itself on a node with more than one vote.
@Suite struct WeightedPartitionSafetyTests {
    @Test(arguments: 3...6)
    func atMostOneQuoratePartitionWithUnevenVotes(nodes n: Int) throws {
        var seed = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var checked = 0
        for _ in 0..<12 {
            var votes: [UInt32: UInt32] = [:]
            for id in 1...UInt32(n) { votes[id] = UInt32(next() % 4) }
            if votes.values.allSatisfy({ $0 == 0 }) { votes[1] = 1 }
            for base in PartitionSafetyTests.optionSets(nodes: n) where !base.autoTieBreaker {
                var options = base
                options.nodelist = nodelist((1...UInt32(n)).map { $0 }, votes: votes)
                guard (try? options.resolve(localNodeID: 1)) != nil else { continue }
                for mask in 1..<(1 << n) where mask & 1 == 1 && mask != (1 << n) - 1 {
                    let all = ids(n)
                    let left = all.filter { mask & (1 << (Int($0.rawValue) - 1)) != 0 }
                    let right = all.filter { !left.contains($0) }
                    var cluster = try TestCluster(options, nodes: all)
                    cluster.form([all])
                    cluster.form([left, right])
                    cluster.advance(options.lastManStandingWindow)
                    let sides = [left, right].filter { side in side.contains { cluster.quorate($0) } }
                    #expect(sides.count <= 1, "votes \(votes.sorted { $0.key < $1.key }) split \(left) | \(right) with \(options)")
                    checked += 1
                }
            }
        }
        #expect(checked > 0)
    }

    @Test func tieBreakerWithUnevenVotesCanSplitBrainLikeCorosync() throws {
        // 7 votes, quorum 4. {3, 6} holds 4 votes; {1, 2, 4, 5} holds 3 == 7 / 2 (corosync's
        // "half or half-1"), lost only 2 < 4 members and has the lowest node: both are quorate
        // in corosync 3.1.7's are_we_quorate, and therefore here.
        let options = VoteQuorumOptions(
            nodelist: nodelist([1, 2, 3, 4, 5, 6], votes: [1: 0, 2: 1, 3: 1, 4: 0, 5: 2, 6: 3]),
            waitForAll: true, autoTieBreaker: true)
        var cluster = try TestCluster(options, nodes: ids(6))
        cluster.form([ids(6)])
        cluster.form([[1, 2, 4, 5], [3, 6]])
        #expect(cluster.state(3).totalVotes == 4 && cluster.quorate(3))
        #expect(cluster.state(1).totalVotes == 3 && cluster.quorate(1))
    }
}
