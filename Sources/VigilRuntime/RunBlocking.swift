import Dispatch

/// Runs async work to completion from synchronous code (a command's `run`), off the calling thread.
public func runBlocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        box.value = await work()
        done.signal()
    }
    done.wait()
    // The semaphore orders the write before this read.
    guard let value = box.value else { preconditionFailure("runBlocking: the task ended without a value") }
    return value
}

final class ResultBox<T>: @unchecked Sendable { var value: T? }

/// An error the command line reports in plain words before exiting non-zero.
public struct UserError: Error, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}
