// libs: VigilCore VigilSources
// Alertmanager API v2 alert lists (alerts.json in a recording, /api/v2/alerts live).
import Foundation
import VigilCore
import VigilSources

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    if let alerts = try? JSONSyntax.decode([AlertmanagerAlert].self, from: bytes) {
        for a in alerts {
            let alert = a.alert
            _ = alert.name; _ = alert.severity
            _ = AlertmanagerAlert.fingerprint(of: a.labels)
        }
    }
    return 0
}
