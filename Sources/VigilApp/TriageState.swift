import Foundation
import VigilCore

/// What the Anomalies screen knows: anomalies from every detector and the verdicts on them.
public struct TriageState: Sendable {
    public init() {}
}
