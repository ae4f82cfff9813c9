import NIOCore

/// Installed on a refused peer's channel: as soon as the channel is active, writes the refusal
/// frame (if any) and closes it. Whatever the peer sends is dropped.
final class IPCRefusalHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let frame: [UInt8]?

    init(frame: [UInt8]?) { self.frame = frame }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        guard let frame else {
            channel.close(promise: nil)
            return
        }
        context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(bytes: frame))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
