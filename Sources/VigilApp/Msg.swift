import Foundation
import VigilCore
import VigilTerminal

/// Everything that can change the model.
public enum Msg: Sendable {
    case source(SourceMessage)
    case key(Key)
    case resize(width: Int, height: Int)
    /// The replay or refresh settings changed outside the model (echo of an effect).
    case playback(paused: Bool, speed: Double)
    case quit
}

/// What `update` asks the runtime to do; the model stays pure.
public enum Effect: Hashable, Sendable {
    case setPaused(Bool)
    case setSpeed(Double)
    case redrawAll
    case quit
}
