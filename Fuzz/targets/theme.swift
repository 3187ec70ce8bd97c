// libs: VigilTerminal
// Theme files (themes/*.theme and the user's own).
import Foundation
import VigilTerminal

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? Theme.parse(text, name: "fuzz", file: "fuzz.theme")
    return 0
}
