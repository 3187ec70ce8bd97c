import Synchronization

/// A thread-safe queue from collectors (any thread) to the one UI thread, which drains it.
public final class Mailbox<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])

    public init() {}

    public func send(_ element: Element) {
        items.withLock { $0.append(element) }
    }

    public func send(contentsOf elements: [Element]) {
        guard !elements.isEmpty else { return }
        items.withLock { $0.append(contentsOf: elements) }
    }

    /// Everything queued so far, oldest first; the queue is left empty.
    public func drain() -> [Element] {
        items.withLock { q in
            let out = q
            q.removeAll(keepingCapacity: true)
            return out
        }
    }

    /// The oldest `max` queued (or all, when fewer); the rest stay for the next call.
    public func drain(max: Int) -> [Element] {
        items.withLock { q in
            guard q.count > max else {
                let out = q
                q.removeAll(keepingCapacity: true)
                return out
            }
            let out = Array(q.prefix(Swift.max(0, max)))
            q.removeFirst(out.count)
            return out
        }
    }

    public var count: Int { items.withLock { $0.count } }

    public var isEmpty: Bool { items.withLock { $0.isEmpty } }
}
