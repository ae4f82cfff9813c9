import NIOCore
import Synchronization

/// Installed on a refused peer's channel: as soon as the channel is active, writes the refusal
/// frame (if any). A client that connects first and asks only afterwards (cmapctl) must still
/// be able to send its request and read the refusal, so the connection lingers until the peer
/// sends anything, closes, or ``IPCRefusalHandler/linger`` passes; but only while a slot of
/// the shared ``Slots`` is free, so a flood of refused peers holds at most that many
/// descriptors: the others are closed as soon as their frame is written.
final class IPCRefusalHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// How long a refused connection may wait for its peer's request.
    static let linger: TimeAmount = .milliseconds(500)

    /// The lingering refused connections of one server, at most `capacity` at a time.
    final class Slots: Sendable {
        private let taken = Mutex(0)
        let capacity: Int

        init(capacity: Int) { self.capacity = capacity }

        func take() -> Bool {
            taken.withLock { taken in
                guard taken < capacity else { return false }
                taken += 1
                return true
            }
        }

        func release() { taken.withLock { $0 -= 1 } }
    }

    private let frame: [UInt8]?
    private let slots: Slots
    private var holdsSlot = false
    private var timer: Scheduled<Void>?

    init(frame: [UInt8]?, slots: Slots) {
        self.frame = frame
        self.slots = slots
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        guard let frame else {
            channel.close(promise: nil)
            return
        }
        let written = context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(bytes: frame)))
        guard slots.take() else {
            written.whenComplete { _ in channel.close(promise: nil) }
            return
        }
        holdsSlot = true
        timer = context.eventLoop.scheduleTask(in: Self.linger) { channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        if holdsSlot {
            holdsSlot = false
            slots.release()
        }
        context.fireChannelInactive()
    }
}
