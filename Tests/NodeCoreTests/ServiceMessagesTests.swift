import NodeCore
import Testing
import Totem

@Suite struct ServiceMessagesTests {
    @Test func cmapSyncHasCorosyncsSizes() {
        let unset = ServiceMessages.cmapConfigVersionSync(configVersion: nil)
        #expect(unset.count == 328)  // captured
        #expect(Array(unset.prefix(16)) == [0, 0, 0, 0, 0, 0, 0, 0, 0x48, 1, 0, 0, 0, 0, 0, 0])
        #expect(unset[24] == 1)  // one item
        #expect(String(decoding: unset[56..<76], as: UTF8.self) == "totem.config_version")
        #expect(unset[48 + 264] == 0)  // no such key
        let set = ServiceMessages.cmapConfigVersionSync(configVersion: 42)
        #expect(set.count == 336)
        #expect(set[48 + 264] == 8)  // u64
        #expect(set[48 + 280] == 42)
    }

    @Test func downlistIsTheCapturedSize() {
        let downlist = ServiceMessages.cpgDownlist(oldMembers: 3, left: [2])
        #expect(downlist.count == 1568)
        #expect(Array(downlist.prefix(4)) == [5, 0, 2, 0])  // id 0x00020005
        #expect(downlist[16] == 3 && downlist[24] == 1 && downlist[32] == 2)
    }
}
