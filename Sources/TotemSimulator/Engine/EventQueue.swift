import Totem

/// A priority queue of simulation events ordered by (time, insertion counter): events at the
/// same instant come out in the order they were scheduled, so runs are bit-for-bit deterministic.
public struct EventQueue<Event: Sendable>: Sendable {
    private struct Entry: Sendable {
        var time: Instant
        var order: UInt64
        var event: Event

        func precedes(_ other: Entry) -> Bool {
            time != other.time ? time < other.time : order < other.order
        }
    }

    private var heap: [Entry] = []
    private var counter: UInt64 = 0

    /// An empty queue.
    public init() {}

    /// Number of pending events.
    public var count: Int { heap.count }

    /// True when nothing is pending.
    public var isEmpty: Bool { heap.isEmpty }

    /// The time of the earliest pending event.
    public var nextTime: Instant? { heap.first?.time }

    /// Schedules `event` at `time`.
    public mutating func push(_ event: Event, at time: Instant) {
        heap.append(Entry(time: time, order: counter, event: event))
        counter += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest event.
    public mutating func pop() -> (time: Instant, event: Event)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let entry = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var first = parent
            if left < heap.count, heap[left].precedes(heap[first]) { first = left }
            if right < heap.count, heap[right].precedes(heap[first]) { first = right }
            if first == parent { break }
            heap.swapAt(parent, first)
            parent = first
        }
        return (entry.time, entry.event)
    }
}
