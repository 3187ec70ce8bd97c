import Foundation
import VigilCore
import VigilEngine
import VigilTerminal

/// Everything that can change the model.
public enum Msg: Sendable {
    case source(SourceMessage)
    case key(Key)
    case resize(width: Int, height: Int)
    /// The replay or refresh settings changed outside the model (echo of an effect).
    case playback(paused: Bool, speed: Double)
    case quit
    /// The wall clock, once a second in live mode: what the data's age is measured against.
    case tick(Date)
    /// Verdicts in force, read from the fact store at start.
    case verdictsLoaded([Verdict])
    /// The store took these verdicts (they carry their store ids now).
    case verdictsSaved([Verdict])
    /// The store refused a verdict: the model goes back to what it held.
    case verdictsFailed([Verdict], reason: String)
    /// The store retracted these verdicts (undo); `restored` are in force again.
    case verdictsRetracted([Verdict], restored: [Verdict])
    /// A copy of the engine that runs off the UI thread (`EngineHost`): what the screens draw.
    case engineSnapshot(Engine)
}

/// What `update` asks the runtime to do; the model stays pure.
public enum Effect: Hashable, Sendable {
    case setPaused(Bool)
    case setSpeed(Double)
    case redrawAll
    case quit
    /// Store these verdicts (and pass them to the detectors that learn from them).
    case saveVerdicts([Verdict])
    /// Undo: retract these verdicts; `restored` are back in force.
    case retractVerdicts([Verdict], restored: [Verdict])
}
