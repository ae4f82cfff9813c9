import Testing
import Totem

@Suite struct SequenceOrderTests {
    @Test func plainValuesCompareNumerically() {
        #expect(SequenceOrder.lt(1, 2))
        #expect(!SequenceOrder.lt(2, 2))
        #expect(SequenceOrder.lte(2, 2))
        #expect(!SequenceOrder.lte(3, 2))
    }

    @Test func freshTokenSeqZeroIsNewerThanResetMarker() {
        // token_seq_seen is reset to 0xFFFFFFFF; the first token (token_seq 0) must be accepted.
        #expect(!SequenceOrder.lte(0, 0xFFFF_FFFF))
    }

    @Test func wrappedValuesSortAfterLargeOnes() {
        #expect(SequenceOrder.lt(0xFFFF_FFF0, 5))
        #expect(!SequenceOrder.lt(5, 0xFFFF_FFF0))
    }
}
