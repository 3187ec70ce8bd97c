import Foundation

/// A terminal colour: the terminal's default, one of the 256 indexed colours, or 24-bit RGB.
///
/// Backends map RGB down to what the terminal offers (256, 8 or no colours).
public enum Color: Hashable, Sendable {
    case `default`
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    /// Parses `#rrggbb`, `#rgb`, a number 0–255, or `default`.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "default" || t == "none" || t.isEmpty { self = .default; return }
        if let n = Int(t), (0...255).contains(n) { self = .indexed(UInt8(n)); return }
        guard t.hasPrefix("#") else { return nil }
        let hex = Array(t.dropFirst())
        func byte(_ s: String) -> UInt8? { UInt8(s, radix: 16) }
        if hex.count == 6,
           let r = byte(String(hex[0...1])), let g = byte(String(hex[2...3])), let b = byte(String(hex[4...5])) {
            self = .rgb(r, g, b); return
        }
        if hex.count == 3,
           let r = byte(String([hex[0], hex[0]])), let g = byte(String([hex[1], hex[1]])),
           let b = byte(String([hex[2], hex[2]])) {
            self = .rgb(r, g, b); return
        }
        return nil
    }

    /// The nearest xterm-256 palette index (16–255 cube/grey, or the index itself).
    public var xterm256: Int {
        switch self {
        case .default: return -1
        case .indexed(let i): return Int(i)
        case .rgb(let r, let g, let b):
            let levels = [0, 95, 135, 175, 215, 255]
            func nearest(_ v: UInt8) -> Int {
                var best = 0
                for (i, l) in levels.enumerated() where abs(l - Int(v)) < abs(levels[best] - Int(v)) { best = i }
                return best
            }
            let ri = nearest(r), gi = nearest(g), bi = nearest(b)
            let cube = 16 + 36 * ri + 6 * gi + bi
            let cubeErr = dist(levels[ri], levels[gi], levels[bi], r, g, b)
            let avg = (Int(r) + Int(g) + Int(b)) / 3
            let greyIndex = max(0, min(23, (avg - 8 + 5) / 10))
            let grey = 8 + 10 * greyIndex
            let greyErr = dist(grey, grey, grey, r, g, b)
            return greyErr < cubeErr ? 232 + greyIndex : cube
        }
    }

    /// The nearest of the 8 ANSI colours (0–7), for terminals with 8 colours.
    public var ansi8: Int {
        switch self {
        case .default: return -1
        case .indexed(let i) where i < 16: return Int(i % 8)
        default:
            let (r, g, b) = rgbComponents
            let palette: [(Int, Int, Int)] = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
                                              (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229)]
            // Saturated colours keep their hue; greys go to black or white.
            var best = 0, bestErr = Int.max
            for (i, p) in palette.enumerated() {
                let e = dist(p.0, p.1, p.2, r, g, b)
                if e < bestErr { best = i; bestErr = e }
            }
            return best
        }
    }

    /// RGB components (approximate for indexed colours).
    public var rgbComponents: (UInt8, UInt8, UInt8) {
        switch self {
        case .default: return (0, 0, 0)
        case .rgb(let r, let g, let b): return (r, g, b)
        case .indexed(let i):
            let i = Int(i)
            if i < 16 {
                let base: [(UInt8, UInt8, UInt8)] = [
                    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
                    (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]
                return base[i]
            }
            if i >= 232 { let v = UInt8(8 + 10 * (i - 232)); return (v, v, v) }
            let levels: [UInt8] = [0, 95, 135, 175, 215, 255]
            let c = i - 16
            return (levels[c / 36], levels[(c / 6) % 6], levels[c % 6])
        }
    }
}

private func dist(_ r1: Int, _ g1: Int, _ b1: Int, _ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
    let dr = r1 - Int(r), dg = g1 - Int(g), db = b1 - Int(b)
    return dr * dr * 3 + dg * dg * 4 + db * db * 2
}
